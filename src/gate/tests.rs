//! The gate catches each broken promise in a real build of the small fixture, tampered with.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Expected, SUMS, check};
use crate::export::{Sink, Split, TableFormat, TableMeta, formats, parquet::Parquet, table_path};
use crate::hash::Hashes;
use crate::hash::tests::written_file;
use crate::tables::ForeignKey;
use crate::tables::registry::specs;
use crate::validate::Options;

/// A build of `tests/fixtures/mini` in a temporary folder, each table's row count, and what the
/// build wrote into each file.
fn built() -> (tempfile::TempDir, PathBuf, Vec<usize>, Hashes) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let build = crate::build::build(&seeds, &out, Options::default(), 1 << 20).unwrap();
    build.staging.unwrap().commit().unwrap();
    let rows = specs()
        .unwrap()
        .iter()
        .map(|s| {
            let path = out.join(table_path(&s.name, &Parquet));
            usize::try_from(
                Parquet
                    .count_rows(&mut std::io::BufReader::new(
                        std::fs::File::open(&path).unwrap(),
                    ))
                    .unwrap(),
            )
            .unwrap()
        })
        .collect();
    let written = written(&out);
    (dir, out, rows, written)
}

/// Each file below `out` as it now is, as if the build had written it so.
fn written(out: &Path) -> Hashes {
    crate::output::files(out)
        .unwrap()
        .into_iter()
        .filter(|r| r != SUMS)
        .map(|rel| {
            let w = written_file(&out.join(&rel));
            (rel, w)
        })
        .collect()
}

/// The position of the `entities` table in the registry.
fn entities() -> usize {
    specs()
        .unwrap()
        .iter()
        .position(|s| s.name == "entities")
        .unwrap()
}

fn gate(out: &Path, rows: &[usize], written: &Hashes) -> Result<(), String> {
    gate_split(out, rows, written, Split::default())
}

/// The gate of an output whose tables of more rows than `split` allows are in parts.
fn gate_split(out: &Path, rows: &[usize], written: &Hashes, split: Split) -> Result<(), String> {
    gate_formats(out, (rows, split), written, &formats())
}

/// The gate of an output as if the build had written only `formats`.
fn gate_formats(
    out: &Path,
    (rows, split): (&[usize], Split),
    written: &Hashes,
    formats: &[Box<dyn TableFormat>],
) -> Result<(), String> {
    let specs = specs().unwrap();
    let expected: Vec<Expected<'_>> = specs
        .iter()
        .zip(rows)
        .map(|(s, &rows)| Expected {
            name: &s.name,
            rows,
            columns: &s.columns,
            primary_key: &s.primary_key,
            foreign_keys: &s.foreign_keys,
            split,
        })
        .collect();
    check(out, (&expected, formats), written, 2).map_err(|e| e.to_string())
}

/// Rewrites `SHA256SUMS` to match the files as they now are, and gives them as if the build had
/// written them so, so that one fault shows alone.
fn rehash(out: &Path) -> Hashes {
    let written = written(out);
    let mut sums = String::new();
    for (rel, w) in &written {
        sums.push_str(&w.sha256);
        sums.push_str("  ");
        sums.push_str(rel);
        sums.push('\n');
    }
    std::fs::write(out.join(SUMS), sums).unwrap();
    written
}

#[test]
fn a_faithful_build_passes() {
    let (_dir, out, rows, written) = built();
    assert!(rows.iter().any(|&n| n > 0));
    gate(&out, &rows, &written).unwrap();
}

#[test]
fn a_byte_changed_after_writing_is_caught() {
    let (_dir, out, rows, written) = built();
    let path = out.join("csv/entities.csv");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(error.starts_with("internal error: "), "{error}");
    assert!(
        error.contains("csv/entities.csv changed after it was written"),
        "{error}"
    );
}

/// The mini fixture built with at most two rows in a file (so that its tables are in parts),
/// committed into a temporary folder, with what the build wrote into each file.
fn built_in_parts() -> (tempfile::TempDir, PathBuf, Hashes, Split) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let split = Split::new(2).unwrap();
    let build = crate::build::build_in(
        &seeds,
        &out,
        Options::default(),
        (1 << 20, split),
        &formats(),
    )
    .unwrap();
    build.staging.unwrap().commit().unwrap();
    let written = written(&out);
    (dir, out, written, split)
}

#[test]
fn every_part_is_held_to_its_bytes_and_its_share_of_the_rows() {
    let (_dir, _, rows, _) = built();
    let (_parts, out, written, split) = built_in_parts();
    let n = rows[entities()];
    assert!(n > 2, "entities holds {n} rows");
    assert!(out.join("csv/entities/part-00001.csv").exists());
    gate_split(&out, &rows, &written, split).unwrap();
    // A byte changed in one part.
    let path = out.join("csv/entities/part-00001.csv");
    let original = std::fs::read(&path).unwrap();
    let mut bytes = original.clone();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let error = gate_split(&out, &rows, &written, split).unwrap_err();
    assert!(
        error.contains("csv/entities/part-00001.csv changed after it was written"),
        "{error}"
    );
    std::fs::write(&path, original).unwrap();
    // A row fewer in the first part (of two rows), the checksums made to match.
    let first = out.join("csv/entities/part-00000.csv");
    let text = std::fs::read_to_string(&first).unwrap();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines.remove(1);
    std::fs::write(&first, lines.concat()).unwrap();
    let written = rehash(&out);
    let error = gate_split(&out, &rows, &written, split).unwrap_err();
    assert!(
        error.contains("csv/entities/part-00000.csv holds 1 rows, but 2 were written"),
        "{error}"
    );
    // A part gone.
    std::fs::remove_file(&path).unwrap();
    let written = rehash(&out);
    let error = gate_split(&out, &rows, &written, split).unwrap_err();
    assert!(
        error.contains("csv/entities/part-00001.csv, a file of table entities, was not written"),
        "{error}"
    );
}

#[test]
fn keys_repeated_across_parts_are_caught() {
    let (_dir, _, rows, _) = built();
    let (_parts, out, _, split) = built_in_parts();
    // The first part again in place of the second: its keys come twice, out of order.
    let first = out.join("parquet/entities/part-00000.parquet");
    std::fs::copy(&first, out.join("parquet/entities/part-00001.parquet")).unwrap();
    let written = rehash(&out);
    let error = gate_split(&out, &rows, &written, split).unwrap_err();
    assert!(error.contains("entities row 3"), "{error}");
}

#[test]
fn checksums_other_than_the_bytes_written_are_caught() {
    let (_dir, out, rows, written) = built();
    let sums = std::fs::read_to_string(out.join(SUMS)).unwrap();
    let listed = &written["csv/entities.csv"].sha256;
    std::fs::write(
        out.join(SUMS),
        sums.replace(listed.as_str(), &"0".repeat(64)),
    )
    .unwrap();
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(
        error.contains(&format!(
            "csv/entities.csv was written with SHA-256 {listed}, but SHA256SUMS says 0000"
        )),
        "{error}"
    );
}

#[test]
fn an_unlisted_file_and_a_missing_one_are_named() {
    let (_dir, out, rows, written) = built();
    std::fs::write(out.join("stray.txt"), "x").unwrap();
    std::fs::remove_file(out.join("CODEBOOK.md")).unwrap();
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(
        error.contains("stray.txt is not listed in SHA256SUMS"),
        "{error}"
    );
    assert!(
        error.contains("CODEBOOK.md is listed in SHA256SUMS but missing"),
        "{error}"
    );
}

#[test]
fn a_format_with_a_row_less_is_named() {
    let (_dir, out, rows, _) = built();
    for format in ["csv", "json"] {
        let path = out.join(format!("{format}/entities.{format}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        lines.remove(1);
        std::fs::write(&path, lines.concat()).unwrap();
    }
    let written = rehash(&out);
    let error = gate(&out, &rows, &written).unwrap_err();
    let n = rows[entities()];
    for format in ["csv", "json"] {
        let expected = format!(
            "{format}/entities.{format} holds {} rows, but {n} were written",
            n - 1
        );
        assert!(error.contains(&expected), "{error}");
    }
    assert!(!error.contains("parquet/entities.parquet holds"), "{error}");
}

/// Rewrites `parquet/entities.parquet` with one entity's id replaced by another's, as a duplicate
/// JSON key once did: the id appears twice, and references to the lost one dangle.
fn duplicate_an_entity(out: &Path, lost: &str, kept: &str) {
    let spec = &specs().unwrap()[entities()];
    let text = std::fs::read_to_string(out.join("json/entities.json")).unwrap();
    let objects: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&text).unwrap();
    let mut rows: Vec<Vec<Value>> = objects
        .into_iter()
        .map(|o| spec.columns.iter().map(|c| o[&c.name].clone()).collect())
        .collect();
    for row in &mut rows {
        if row[0] == lost {
            row[0] = Value::from(kept);
        }
    }
    spec.sort(&mut rows);
    let file = std::fs::File::create(out.join("parquet/entities.parquet")).unwrap();
    let sink: Sink<'_> = Box::new(file);
    let mut writer = Parquet.writer(TableMeta::of(spec), sink).unwrap();
    writer.write_rows(&rows.into()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn a_repeated_key_and_the_references_it_breaks_are_named() {
    let (_dir, out, rows, _) = built();
    duplicate_an_entity(&out, "qayumova", "assembly");
    let written = rehash(&out);
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(
        error.contains("entities row 2: primary key (id) = (`assembly`) is not unique"),
        "{error}"
    );
    assert!(
        error.contains("entity_id = `qayumova` names no entities.id"),
        "{error}"
    );
}

/// The formats of `formats()` in `folders`, as if the build had written only those.
fn only(folders: &[&str]) -> Vec<Box<dyn TableFormat>> {
    formats()
        .into_iter()
        .filter(|f| folders.contains(&f.folder()))
        .collect()
}

#[test]
fn without_parquet_the_keys_are_read_from_each_text_format() {
    let (_dir, out, rows, written) = built();
    for folder in ["ndjson", "json", "csv"] {
        gate_formats(&out, (&rows, Split::default()), &written, &only(&[folder])).unwrap();
    }
    // NDJSON is read before JSON and CSV, which are left faithful: its repeat alone is caught.
    let path = out.join("ndjson/entities.ndjson");
    let text = std::fs::read_to_string(&path).unwrap();
    let repeated = text.replace(r#"{"id":"qayumova""#, r#"{"id":"assembly""#);
    assert_ne!(text, repeated);
    std::fs::write(&path, repeated).unwrap();
    let written = rehash(&out);
    let error = gate_formats(
        &out,
        (&rows, Split::default()),
        &written,
        &only(&["csv", "ndjson", "json"]),
    )
    .unwrap_err();
    assert!(error.contains("entities row"), "{error}");
    assert!(
        error.contains("entity_id = `qayumova` names no entities.id"),
        "{error}"
    );
}

#[test]
fn a_repeated_key_in_the_csv_alone_is_caught() {
    let (_dir, out, rows, _) = built();
    let path = out.join("csv/entities.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let repeated = text.replace("\nqayumova,", "\nassembly,");
    assert_ne!(text, repeated);
    std::fs::write(&path, repeated).unwrap();
    let written = rehash(&out);
    let error =
        gate_formats(&out, (&rows, Split::default()), &written, &only(&["csv"])).unwrap_err();
    assert!(
        error.contains("entity_id = `qayumova` names no entities.id"),
        "{error}"
    );
}

#[test]
fn every_format_is_counted() {
    let (_dir, out, rows, _) = built();
    for format in formats() {
        if format.layout() == crate::export::Layout::OneFile {
            let names: Vec<&str> = specs().unwrap().iter().map(|s| s.name.as_str()).collect();
            let folder = out.join(format.folder());
            let path = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|e| e == format.extension()))
                .unwrap();
            let counts = format.count_tables(&path, &names).unwrap();
            assert_eq!(counts[entities()], rows[entities()] as u64);
            continue;
        }
        let path = out.join(table_path("entities", format.as_ref()));
        assert_eq!(
            format
                .count_rows(&mut std::io::BufReader::new(
                    std::fs::File::open(&path).unwrap()
                ))
                .unwrap(),
            rows[entities()] as u64
        );
    }
}

#[test]
fn a_file_unlike_what_the_descriptions_list_is_caught() {
    let (_dir, out, rows, before) = built();
    // A table file replaced, and SHA256SUMS with it: the data package and Croissant file still
    // give the bytes the build wrote.
    duplicate_an_entity(&out, "assembly", "assembly");
    let written = rehash(&out);
    let parquet = "parquet/entities.parquet";
    let now = &written[parquet];
    assert_ne!(now, &before[parquet]);
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(error.starts_with("internal error: "), "{error}");
    for file in ["datapackage.json", "croissant.json"] {
        let expected = format!("{file} gives {parquet} the SHA-256 ");
        assert!(error.contains(&expected), "{expected} not in {error}");
        assert!(
            error.contains(&format!("but {} was written", now.sha256)),
            "{error}"
        );
    }
}

#[test]
fn a_size_in_the_data_package_unlike_the_bytes_written_is_caught() {
    let (_dir, out, rows, written) = built();
    let path = out.join("datapackage.json");
    let mut package: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let resource = package["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["path"] == "csv/entities.csv")
        .unwrap();
    let bytes = written["csv/entities.csv"].bytes;
    resource["bytes"] = Value::from(bytes + 1);
    std::fs::write(&path, crate::schema::to_pretty(&package)).unwrap();
    let written = rehash(&out);
    let error = gate(&out, &rows, &written).unwrap_err();
    let expected = format!(
        "datapackage.json gives csv/entities.csv the size {}, but {bytes} bytes were written",
        bytes + 1
    );
    assert!(error.contains(&expected), "{error}");
}

/// An export of the orders fixture (orders, their lines, the lines' tags) keyed by `order_id`,
/// and what the gate expects of each table, as its data package says.
struct Orders {
    _dir: tempfile::TempDir,
    out: PathBuf,
    /// Per table: name, rows, primary key, and its reference to its parent (if any).
    tables: Vec<(String, usize, Vec<String>, Vec<ForeignKey>)>,
}

fn orders() -> Orders {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/generic/orders");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let export = crate::generic::export(&crate::generic::ExportOptions {
        schema: fixture.join("orders.schema.json"),
        input: fixture.join("orders.jsonl"),
        out: out.clone(),
        name: None,
        batch_size: 2,
        key: vec!["order_id".into()],
        sort_memory: crate::generic::SORT_MEMORY,
        nested: crate::generic::NestedArrays::Tables,
        metadata: None,
        progress: false,
        max_record_size: crate::generic::DEFAULT_MAX_RECORD_SIZE,
        formats: Vec::new(),
        split: crate::export::parts::Split::default(),
    })
    .unwrap();
    assert!(export.report.is_empty());
    export.staging.unwrap().commit().unwrap();
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let mut tables = Vec::new();
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        let Some(name) = path
            .strip_prefix("parquet/")
            .and_then(|p| p.strip_suffix(".parquet"))
        else {
            continue;
        };
        let file = std::fs::File::open(out.join(path)).unwrap();
        let rows = Parquet
            .count_rows(&mut std::io::BufReader::new(file))
            .unwrap();
        let schema = &resource["schema"];
        let parent = schema["foreignKeys"].as_array().map(|fks| {
            let fk = &fks[0];
            let table = fk["reference"]["resource"].as_str().unwrap();
            let table = table.strip_suffix("-parquet").unwrap_or(table);
            ForeignKey {
                fields: names(&fk["fields"]),
                table: table.replace('-', "_"),
                reference: names(&fk["reference"]["fields"]),
            }
        });
        tables.push((
            name.to_owned(),
            usize::try_from(rows).unwrap(),
            names(&schema["primaryKey"]),
            parent.into_iter().collect(),
        ));
    }
    assert_eq!(tables.len(), 3, "{tables:?}");
    Orders {
        _dir: dir,
        out,
        tables,
    }
}

fn gate_orders(orders: &Orders, written: &Hashes) -> Result<(), String> {
    let expected: Vec<Expected<'_>> = orders
        .tables
        .iter()
        .map(|(name, rows, key, parent)| Expected {
            name,
            rows: *rows,
            columns: &[],
            primary_key: key,
            foreign_keys: parent,
            split: Split::default(),
        })
        .collect();
    check(&orders.out, (&expected, &formats()), written, 2).map_err(|e| e.to_string())
}

/// Rewrites the Parquet file of `table` without its row `drop` (0-based).
fn drop_row(out: &Path, table: &str, drop: usize) {
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let path = out.join(format!("parquet/{table}.parquet"));
    let file = std::fs::File::open(&path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    let schema = batches[0].schema();
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), schema, None).unwrap();
    let mut start = 0;
    for batch in batches {
        let n = batch.num_rows();
        if (start..start + n).contains(&drop) {
            let at = drop - start;
            writer.write(&batch.slice(0, at)).unwrap();
            writer.write(&batch.slice(at + 1, n - at - 1)).unwrap();
        } else {
            writer.write(&batch).unwrap();
        }
        start += n;
    }
    writer.close().unwrap();
}

#[test]
fn a_generic_export_passes_and_a_child_row_whose_parent_is_gone_is_named() {
    let orders = orders();
    let written = written(&orders.out);
    gate_orders(&orders, &written).unwrap();
    // The second line of order o-1 gone: its tags refer, by both key columns, to nothing.
    drop_row(&orders.out, "orders__lines", 1);
    let written = rehash(&orders.out);
    let error = gate_orders(&orders, &written).unwrap_err();
    assert!(
        error.contains(
            "orders__lines__tags row 1: (order_id, lines_index) = (`o-1`, 1) names no \
             orders__lines row by (order_id, _index)"
        ),
        "{error}"
    );
}

#[test]
fn a_generic_child_row_whose_record_is_gone_is_named() {
    let orders = orders();
    drop_row(&orders.out, "orders", 0);
    let written = rehash(&orders.out);
    let error = gate_orders(&orders, &written).unwrap_err();
    assert!(
        error.contains("orders__lines row 1: order_id = `o-1` names no orders.order_id"),
        "{error}"
    );
}

/// The database of the build in `out`.
fn database(out: &Path) -> PathBuf {
    std::fs::read_dir(out.join("sqlite"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sqlite"))
        .unwrap()
}

#[test]
fn a_database_short_of_rows_or_with_a_dangling_key_is_caught() {
    let (_dir, out, rows, _) = built();
    let conn = rusqlite::Connection::open(database(&out)).unwrap();
    conn.execute("DELETE FROM evidence WHERE rowid = 1", [])
        .unwrap();
    drop(conn);
    let written = rehash(&out);
    let error = gate(&out, &rows, &written).unwrap_err();
    let want = format!(
        "table evidence, holds {} rows",
        rows[position("evidence")] - 1
    );
    assert!(error.contains(&want), "{error}");

    let conn = rusqlite::Connection::open(database(&out)).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM entities;")
        .unwrap();
    drop(conn);
    let written = rehash(&out);
    let error = gate(&out, &rows, &written).unwrap_err();
    assert!(error.contains("foreign keys do not resolve"), "{error}");
}

/// The position of table `name` in the registry.
fn position(name: &str) -> usize {
    specs()
        .unwrap()
        .iter()
        .position(|s| s.name == name)
        .unwrap()
}

#[test]
fn a_generic_database_whose_child_row_names_no_parent_is_caught() {
    let orders = orders();
    let conn = rusqlite::Connection::open(database(&orders.out)).unwrap();
    // Both lines of order o-1 now name an order that is not there; the rows count as before.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; UPDATE orders__lines SET order_id = 'o-0' WHERE order_id = 'o-1';",
    )
    .unwrap();
    drop(conn);
    let written = rehash(&orders.out);
    let error = gate_orders(&orders, &written).unwrap_err();
    assert!(error.contains("foreign keys do not resolve"), "{error}");
}
