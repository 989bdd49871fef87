//! Generic mode with real-world shapes: arrays of objects become child tables carrying their
//! parent's key, `--key` is checked unique and sorts every table, and every table holds the same
//! rows in every format.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use common::{fixtures, seedtool, snapshot_dir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Value, json};

/// Runs `export` of the orders fixture `input` with `args`, in `dir`, into `dir/out`.
fn export_orders(dir: &Path, input: &str, args: &[&str]) -> std::process::Output {
    let orders = fixtures().join("generic/orders");
    seedtool(dir)
        .args(["export", "--quiet", "--schema"])
        .arg(orders.join("orders.schema.json"))
        .arg("--input")
        .arg(orders.join(input))
        .args(["--out", "out"])
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The rows of `table` in the JSON file, checked to be those of the NDJSON and CSV files and,
/// column by column, of the Parquet file.
fn rows_in_every_format(out: &Path, table: &str) -> Vec<Value> {
    let json: Vec<Value> =
        serde_json::from_slice(&std::fs::read(out.join(format!("json/{table}.json"))).unwrap())
            .unwrap();
    let ndjson: Vec<Value> = std::fs::read_to_string(out.join(format!("ndjson/{table}.ndjson")))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json, ndjson, "{table}: JSON and NDJSON differ");
    let mut csv = csv::Reader::from_path(out.join(format!("csv/{table}.csv"))).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let csv_rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(csv_rows.len(), json.len(), "{table}: CSV rows");
    for (row, cells) in json.iter().zip(&csv_rows) {
        let names: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(names, header.iter().collect::<Vec<_>>(), "{table}: columns");
        for ((_, value), cell) in row.as_object().unwrap().iter().zip(cells) {
            let text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(&text, cell, "{table}: CSV cell");
        }
    }
    let batches = parquet_batches(out, table);
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, json.len(), "{table}: Parquet rows");
    let mut start = 0;
    for batch in &batches {
        let rows = &json[start..start + batch.num_rows()];
        start += batch.num_rows();
        for (c, field) in batch.schema().fields().iter().enumerate() {
            let column = batch.column(c);
            for (i, row) in rows.iter().enumerate() {
                let want = &row[field.name()];
                assert_eq!(
                    column.is_null(i),
                    want.is_null(),
                    "{table}.{}",
                    field.name()
                );
                if want.is_null() {
                    continue;
                }
                if let Some(s) = column.as_string_opt::<i32>() {
                    assert_eq!(want.as_str(), Some(s.value(i)), "{table}.{}", field.name());
                }
                if let Some(n) = column.as_primitive_opt::<arrow_array::types::Int64Type>() {
                    assert_eq!(want.as_i64(), Some(n.value(i)), "{table}.{}", field.name());
                }
            }
        }
    }
    json
}

fn parquet_batches(out: &Path, table: &str) -> Vec<RecordBatch> {
    let file = std::fs::File::open(out.join(format!("parquet/{table}.parquet"))).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn arrays_of_objects_become_child_tables_numbered_by_record_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(dir.path(), "orders.jsonl", &[]));
    let out = dir.path().join("out");
    let orders = rows_in_every_format(&out, "orders");
    assert_eq!(
        orders
            .iter()
            .map(|r| r["_record"].clone())
            .collect::<Vec<_>>(),
        [json!(1), json!(2), json!(3)]
    );
    assert_eq!(orders[0]["order_id"], "o-3");
    assert!(orders[0].get("lines").is_none(), "the array is no column");
    let lines = rows_in_every_format(&out, "orders__lines");
    assert_eq!(
        lines,
        [
            json!({"_record": 1, "_index": 0, "sku": "tea", "qty": 2, "_extra": null}),
            json!({"_record": 2, "_index": 0, "sku": "rice", "qty": 5, "_extra": null}),
            json!({"_record": 2, "_index": 1, "sku": "tea", "qty": 1, "_extra": null}),
        ]
    );
    let tags = rows_in_every_format(&out, "orders__lines__tags");
    assert_eq!(
        tags[1],
        json!({"_record": 2, "lines_index": 1, "_index": 0, "label": "fragile", "weight": null, "_extra": null})
    );
    // Arrays of scalars stay list columns.
    assert_eq!(orders[1]["notes"], json!(["leave at the door"]));
}

#[test]
fn a_key_sorts_every_table_and_child_tables_carry_it() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id"],
    ));
    let out = dir.path().join("out");
    let orders = rows_in_every_format(&out, "orders");
    let ids: Vec<&str> = orders
        .iter()
        .map(|r| r["order_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["o-1", "o-2", "o-3"]);
    assert!(orders[0].get("_record").is_none());
    let lines = rows_in_every_format(&out, "orders__lines");
    let keys: Vec<(&str, i64)> = lines
        .iter()
        .map(|r| {
            (
                r["order_id"].as_str().unwrap(),
                r["_index"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(keys, [("o-1", 0), ("o-1", 1), ("o-3", 0)]);
    let tags = rows_in_every_format(&out, "orders__lines__tags");
    assert_eq!(
        tags[0],
        json!({"order_id": "o-1", "lines_index": 1, "_index": 0, "label": "fragile", "weight": null, "_extra": null})
    );
    let schema = parquet_batches(&out, "orders__lines")[0].schema();
    assert!(
        !schema.field(0).is_nullable(),
        "the carried key is required"
    );
}

#[test]
fn the_output_is_byte_reproducible_and_the_same_from_a_json_array() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id"],
    ));
    let first = snapshot_dir(&dir.path().join("out"));
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id", "--batch-size", "1"],
    ));
    assert_eq!(first, snapshot_dir(&dir.path().join("out")));
    let lines = std::fs::read_to_string(fixtures().join("generic/orders/orders.jsonl")).unwrap();
    let array: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    std::fs::write(
        dir.path().join("orders.json"),
        serde_json::to_string_pretty(&array).unwrap(),
    )
    .unwrap();
    let out = seedtool(dir.path())
        .args(["export", "--quiet", "--schema"])
        .arg(fixtures().join("generic/orders/orders.schema.json"))
        .args([
            "--input",
            "orders.json",
            "--out",
            "out2",
            "--key",
            "order_id",
        ])
        .output()
        .unwrap();
    ok(&out);
    let strip = |files: Vec<(std::path::PathBuf, Vec<u8>)>, root: &Path| {
        files
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(root).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(first, &dir.path().join("out")),
        strip(
            snapshot_dir(&dir.path().join("out2")),
            &dir.path().join("out2")
        )
    );
}

#[test]
fn a_repeated_key_is_reported_with_both_record_numbers_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_orders(
        dir.path(),
        "orders-duplicate-key.jsonl",
        &["--key", "order_id", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("out").exists());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(d["rule"], "duplicate-id");
    assert_eq!(d["record"], "record 3");
    assert_eq!(d["line"], 3);
    assert_eq!(d["pointer"], "/order_id");
    assert_eq!(d["message"], "records 1 and 3 have the same key");
    assert_eq!(d["found"], "order_id = \"o-1\", as record 1 (line 1) has");
}

#[test]
fn a_missing_key_value_is_an_invalid_record() {
    let dir = tempfile::tempdir().unwrap();
    let schema =
        r#"{"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}}"#;
    std::fs::write(dir.path().join("s.json"), schema).unwrap();
    std::fs::write(dir.path().join("r.jsonl"), "{\"id\": \"a\"}\n{\"n\": 1}\n").unwrap();
    let out = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out", "--key", "id", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["record"], "record 2");
    assert_eq!(d["line"], 2);
    assert_eq!(d["message"], "the key column `id` is missing or null");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_key_that_is_no_column_is_a_usage_error_naming_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_orders(dir.path(), "orders.jsonl", &["--key", "id"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "--key id: the records' table has no column `id`; its columns are order_id, placed"
        ),
        "{stderr}"
    );
    let out = export_orders(dir.path(), "orders.jsonl", &["--key", "notes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a key column must be"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_key_sorted_through_disk_gives_the_same_files() {
    // Enough records with long enough rows that the sorters spill runs to disk.
    let dir = tempfile::tempdir().unwrap();
    let mut records = String::new();
    for i in (0..3000).rev() {
        let pad = "x".repeat(2000);
        writeln!(
            records,
            "{{\"order_id\": \"o-{i:05}\", \"placed\": \"2024-05-01\", \"customer\": {{\"name\": \"{pad}\"}}, \"lines\": [{{\"sku\": \"{pad}\", \"qty\": {i}}}]}}"
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("big.jsonl"), &records).unwrap();
    let export = |out: &str, memory: &str| {
        seedtool(dir.path())
            .args(["export", "--quiet", "--schema"])
            .arg(fixtures().join("generic/orders/orders.schema.json"))
            .args(["--input", "big.jsonl", "--out", out, "--key", "order_id"])
            .args(["--sort-memory", memory])
            .output()
            .unwrap()
    };
    ok(&export("spilled", "1000000"));
    ok(&export("out", "1000000000"));
    let strip = |out: &str| {
        let root = dir.path().join(out);
        snapshot_dir(&root)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&root).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>()
    };
    assert!(
        strip("out") == strip("spilled"),
        "sorting through disk changed the files"
    );
    let orders = rows_in_every_format(&dir.path().join("out"), "big");
    assert_eq!(orders.len(), 3000);
    assert_eq!(orders[0]["order_id"], "o-00000");
    assert_eq!(orders[2999]["order_id"], "o-02999");
    let lines = rows_in_every_format(&dir.path().join("out"), "big__lines");
    assert_eq!(lines[1]["qty"], 1);
}

#[test]
fn the_package_names_the_keys_between_parent_and_child_tables() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id"],
    ));
    let out = dir.path().join("out");
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["name"], "orders");
    assert_eq!(package["title"], "Orders");
    let resources = package["resources"].as_array().unwrap();
    let find = |name: &str| resources.iter().find(|r| r["name"] == name).unwrap();
    assert_eq!(find("orders")["schema"]["primaryKey"], json!(["order_id"]));
    let tags = &find("orders__lines__tags-parquet")["schema"];
    assert_eq!(
        tags["primaryKey"],
        json!(["order_id", "lines_index", "_index"])
    );
    assert_eq!(
        tags["foreignKeys"],
        json!([{
            "fields": ["order_id", "lines_index"],
            "reference": {"resource": "orders__lines-parquet", "fields": ["order_id", "_index"]}
        }])
    );
    let codebook = std::fs::read_to_string(out.join("CODEBOOK.md")).unwrap();
    assert!(codebook.contains(
        "- Foreign key: (`order_id`, `lines_index`) → `orders__lines` (`order_id`, `_index`)"
    ));
    assert!(codebook.contains("| `sku` | string | yes | The product's stock-keeping unit. |"));
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    for file in [
        "datapackage.json",
        "CODEBOOK.md",
        "parquet/orders__lines__tags.parquet",
    ] {
        assert!(sums.contains(&format!("  {file}\n")), "{file} in {sums}");
    }
}

#[test]
fn nested_list_writes_arrays_of_objects_as_lists_of_structs_in_the_parent_table() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id", "--nested", "list"],
    ));
    let out = dir.path().join("out");
    let files: Vec<String> = std::fs::read_dir(out.join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["orders.csv"], "no child tables");
    let orders = rows_in_every_format(&out, "orders");
    assert_eq!(
        orders[0]["lines"],
        json!([
            {"sku": "rice", "qty": 5, "tags": null},
            {"sku": "tea", "qty": 1, "tags": [{"label": "fragile", "weight": null}, {"label": "express", "weight": 1}]}
        ])
    );
    let batch = &parquet_batches(&out, "orders")[0];
    let schema = batch.schema();
    let arrow_schema::DataType::List(item) = schema.field_with_name("lines").unwrap().data_type()
    else {
        panic!("lines is no list");
    };
    let arrow_schema::DataType::Struct(fields) = item.data_type() else {
        panic!("lines holds no structs");
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["sku", "qty", "tags"]);
    let lines = batch
        .column(schema.index_of("lines").unwrap())
        .as_list::<i32>();
    let first = lines.value(0);
    let skus = first.as_struct().column(0).as_string::<i32>();
    assert_eq!((skus.value(0), skus.value(1)), ("rice", "tea"));
    // In CSV the list is JSON text, the same as the JSON file's array.
    let csv = std::fs::read_to_string(out.join("csv/orders.csv")).unwrap();
    assert!(
        csv.contains(r#""[{""sku"":""rice"",""qty"":5,""tags"":null},"#),
        "{csv}"
    );
}

#[test]
fn an_array_whose_name_no_file_can_bear_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"a/b": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}}}});
    std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
    std::fs::write(dir.path().join("r.jsonl"), "{}\n").unwrap();
    let out = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("schema path `/properties/a~1b/items`"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn resources_bear_names_frictionless_accepts_whatever_the_tables_are_called() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--name", "My Orders"],
    ));
    let out = dir.path().join("out");
    assert!(out.join("csv/My Orders__lines.csv").is_file());
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["name"], "my-orders");
    let lines = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "csv/My Orders__lines.csv")
        .unwrap();
    assert_eq!(lines["name"], "my-orders__lines");
    assert_eq!(
        lines["schema"]["foreignKeys"][0]["reference"]["resource"],
        "my-orders"
    );
}

#[test]
fn a_value_no_column_can_hold_inside_an_item_is_reported_at_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.jsonl"),
        "{\"order_id\": \"o-1\", \"placed\": \"2024-05-01\", \"customer\": {\"name\": \"R\"}, \"lines\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\", \"qty\": 1e300}]}\n",
    )
    .unwrap();
    let out = seedtool(dir.path())
        .args(["export", "--quiet", "--format", "json", "--schema"])
        .arg(fixtures().join("generic/orders/orders.schema.json"))
        .args(["--input", "bad.jsonl", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "out-of-range");
    assert_eq!(d["pointer"], "/lines/1/qty");
    assert_eq!(
        (d["record"].clone(), d["line"].clone()),
        (json!("record 1"), json!(1))
    );
    assert!(!dir.path().join("out").exists());
}

/// The one database of the export in `out`.
fn database(out: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(out.join("sqlite/orders.sqlite")).unwrap()
}

/// Every row `sql` gives, each as its columns' text.
fn query(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut statement = conn.prepare(sql).unwrap();
    let columns = statement.column_count();
    statement
        .query_map([], |row| {
            (0..columns)
                .map(|i| {
                    let value: rusqlite::types::Value = row.get(i)?;
                    Ok(match value {
                        rusqlite::types::Value::Text(t) => t,
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        other => format!("{other:?}"),
                    })
                })
                .collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_database_keeps_each_child_tables_key_to_its_parent_with_an_index() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id"],
    ));
    let conn = database(&dir.path().join("out"));
    assert!(query(&conn, "PRAGMA foreign_key_check").is_empty());
    // (table, from, to) of each column of each foreign key.
    let keys = |table: &str| -> Vec<(String, String, String)> {
        query(&conn, &format!("PRAGMA foreign_key_list(\"{table}\")"))
            .into_iter()
            .map(|r| (r[2].clone(), r[3].clone(), r[4].clone()))
            .collect()
    };
    assert!(keys("orders").is_empty());
    assert_eq!(
        keys("orders__lines"),
        [("orders".into(), "order_id".into(), "order_id".into())]
    );
    assert_eq!(
        keys("orders__lines__tags"),
        [
            ("orders__lines".into(), "order_id".into(), "order_id".into()),
            (
                "orders__lines".into(),
                "lines_index".into(),
                "_index".into()
            ),
        ]
    );
    let indexes = query(
        &conn,
        "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY tbl_name",
    );
    assert_eq!(
        indexes,
        [
            vec![
                "orders__lines".to_owned(),
                "CREATE INDEX \"orders__lines_order_id\" ON \"orders__lines\" (\"order_id\")".into()
            ],
            vec![
                "orders__lines__tags".to_owned(),
                "CREATE INDEX \"orders__lines__tags_order_id_lines_index\" ON \"orders__lines__tags\" (\"order_id\", \"lines_index\")".into()
            ],
        ]
    );
    // Without a metadata file, the dataset is described by the schema.
    let about = query(&conn, "SELECT key, value FROM _dataset ORDER BY key");
    let about: Vec<(&str, &str)> = about.iter().map(|r| (&*r[0], &*r[1])).collect();
    assert!(about.contains(&("name", "orders")), "{about:?}");
    assert!(
        about.iter().any(|&(k, v)| k == "title" && !v.is_empty()),
        "{about:?}"
    );
}

#[test]
fn the_database_is_described_by_the_metadata_file_when_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let metadata = fixtures().join("generic/orders/dataset.json");
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &[
            "--key",
            "order_id",
            "--metadata",
            metadata.to_str().unwrap(),
        ],
    ));
    let conn = database(&dir.path().join("out"));
    let about = query(&conn, "SELECT key, value FROM _dataset ORDER BY key");
    let about: Vec<(&str, &str)> = about.iter().map(|r| (&*r[0], &*r[1])).collect();
    for pair in [
        ("name", "orders-example"),
        ("title", "Example orders"),
        ("license", "CC0-1.0"),
        ("version", "1.0.0"),
    ] {
        assert!(about.contains(&pair), "{pair:?} in {about:?}");
    }
}

#[test]
fn the_codebook_gives_each_child_tables_key_to_its_parent_once() {
    let dir = tempfile::tempdir().unwrap();
    ok(&export_orders(
        dir.path(),
        "orders.jsonl",
        &["--key", "order_id"],
    ));
    let codebook = std::fs::read_to_string(dir.path().join("out/CODEBOOK.md")).unwrap();
    let keys: Vec<&str> = codebook
        .lines()
        .filter(|l| l.starts_with("- Foreign key:"))
        .collect();
    assert_eq!(
        keys,
        [
            "- Foreign key: `order_id` → `orders.order_id`",
            "- Foreign key: (`order_id`, `lines_index`) → `orders__lines` (`order_id`, `_index`)",
        ]
    );
}

#[test]
fn a_generic_text_column_named_like_a_searched_seeds_column_gets_no_full_text_index() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({
        "title": "people",
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "summary": {"type": "string"},
            "quote": {"type": "string"}
        },
        "required": ["id", "name"]
    });
    std::fs::write(dir.path().join("people.schema.json"), schema.to_string()).unwrap();
    std::fs::write(
        dir.path().join("people.jsonl"),
        "{\"id\":1,\"name\":\"Ann\",\"summary\":\"s\",\"quote\":\"q\"}\n",
    )
    .unwrap();
    let out = seedtool(dir.path())
        .args(["export", "--quiet", "--schema", "people.schema.json"])
        .args(["--input", "people.jsonl", "--out", "out"])
        .args(["--formats", "sqlite"])
        .output()
        .unwrap();
    ok(&out);
    let conn = rusqlite::Connection::open(dir.path().join("out/sqlite/people.sqlite")).unwrap();
    let virtual_tables = query(
        &conn,
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'",
    );
    assert!(virtual_tables.is_empty(), "{virtual_tables:?}");
    assert_eq!(
        query(&conn, "SELECT name FROM people"),
        [["Ann".to_owned()]]
    );
    let metadata: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/sqlite/metadata.json")).unwrap(),
    )
    .unwrap();
    assert!(metadata["tables"]["people"].get("fts_table").is_none());
}
