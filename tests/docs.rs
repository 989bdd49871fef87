//! The documentation held to the code: the README's tables, keys, size and commands, CURATING.md's
//! files of lists, and every relative link of the hand-written pages.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tajik_ct_dataset::dataset::RecordList;
use tajik_ct_dataset::tables::registry::specs;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The cells of a Markdown table row, trimmed (`\|` inside a cell is kept as `|`).
fn cells(line: &str) -> Vec<String> {
    let line = line.trim().trim_start_matches('|').trim_end_matches('|');
    line.replace("\\|", "\u{0}")
        .split('|')
        .map(|c| c.replace('\u{0}', "|").trim().to_owned())
        .collect()
}

/// The rows (below the header and its rule) of the first table of `text` whose header begins
/// with `header`, each as its cells.
fn table(text: &str, header: &[&str], file: &str) -> Vec<Vec<String>> {
    let heads = |l: &str| {
        let cells = cells(l);
        l.trim_start().starts_with('|')
            && cells.len() >= header.len()
            && cells.iter().zip(header).all(|(c, h)| c == h)
    };
    let mut lines = text.lines().skip_while(|l| !heads(l));
    assert!(
        lines.next().is_some(),
        "{file} has no table headed {header:?}"
    );
    lines
        .skip(1)
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(cells)
        .collect()
}

/// The names between backticks in `cell`.
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every `--flag` in `text`.
fn flags(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.len() > 2 && w.starts_with("--"))
        .map(str::to_owned)
        .collect()
}

fn help(args: &[&str]) -> String {
    let out = common::seedtool(root()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "seedtool {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The commands `seedtool --help` lists, but `help`.
fn commands() -> Vec<String> {
    help(&["--help"])
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// The flags `seedtool <command> --help` documents, but `--help` and `--version`.
fn command_flags(command: &str) -> BTreeSet<String> {
    help(&[command, "--help"])
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("--") || (l.starts_with('-') && l.get(2..4) == Some(", ")))
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("--")))
        .map(|w| w.trim_end_matches(',').to_owned())
        .filter(|f| f != "--help" && f != "--version")
        .collect()
}

#[test]
fn the_readme_gives_every_table_its_registered_key() {
    let rows = table(
        &read("README.md"),
        &["table", "one row per", "key"],
        "README.md",
    );
    let readme: BTreeMap<String, Vec<String>> = rows
        .iter()
        .map(|r| (quoted(&r[0]).concat(), quoted(&r[2])))
        .collect();
    assert_eq!(readme.len(), rows.len(), "README.md lists a table twice");
    let registry: BTreeMap<String, Vec<String>> = specs()
        .unwrap()
        .iter()
        .map(|s| (s.name.clone(), s.primary_key().to_vec()))
        .collect();
    assert_eq!(
        readme, registry,
        "README.md's table of keys differs from the table registry"
    );
}

#[test]
fn the_readme_gives_the_published_size() {
    let text = read("README.md");
    let at = text
        .find(" rows in ")
        .expect("README.md does not give the dataset's size (`N rows in M tables`)");
    let number = |s: &str| -> usize {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let rows = number(text[..at].rsplit(' ').next().unwrap());
    let tables = number(text[at + " rows in ".len()..].split(' ').next().unwrap());
    let specs = specs().unwrap();
    let published: usize = specs
        .iter()
        .map(|s| {
            let path = root()
                .join("dist/ndjson")
                .join(format!("{}.ndjson", s.name));
            let text = std::fs::read_to_string(&path).unwrap();
            text.lines().filter(|l| !l.is_empty()).count()
        })
        .sum();
    assert_eq!(
        (rows, tables),
        (published, specs.len()),
        "README.md says {rows} rows in {tables} tables; dist/ holds {published} in {}",
        specs.len()
    );
}

#[test]
fn the_readme_lists_every_command_with_every_flag() {
    let rows = table(
        &read("README.md"),
        &["command", "what it does", "exit codes"],
        "README.md",
    );
    let mut listed = BTreeMap::new();
    for row in &rows {
        let synopsis = quoted(&row[0]).concat();
        let mut words = synopsis.split_whitespace();
        assert_eq!(words.next(), Some("seedtool"), "{synopsis}");
        let command = words.next().unwrap_or_default().to_owned();
        assert!(
            listed.insert(command.clone(), flags(&synopsis)).is_none(),
            "README.md lists `{command}` twice"
        );
    }
    let commands = commands();
    assert_eq!(
        listed.keys().cloned().collect::<BTreeSet<_>>(),
        commands.iter().cloned().collect::<BTreeSet<_>>(),
        "README.md's commands table and `seedtool --help` name different commands"
    );
    for command in &commands {
        assert_eq!(
            listed[command],
            command_flags(command),
            "README.md's row of `{command}` and `seedtool {command} --help` name different flags"
        );
    }
}

/// The files of the shipped article that hold records of `list`.
fn files_holding(list: &str) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("seeds/edm-4-55")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let seeds: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if seeds.get(list).is_some() {
                files.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn curating_names_the_files_the_shipped_article_keeps_its_lists_in() {
    let rows = table(
        &read("CURATING.md"),
        &["file", "list", "holds"],
        "CURATING.md",
    );
    let mut named = BTreeSet::new();
    for row in &rows {
        let (file, list) = (quoted(&row[0]).concat(), quoted(&row[1]).concat());
        assert!(
            RecordList::ALL.iter().any(|l| l.key() == list),
            "CURATING.md names a list `{list}` the registry of lists does not hold"
        );
        let holders = files_holding(&list);
        assert!(
            holders.is_empty() || holders.contains(&file),
            "CURATING.md puts `{list}` in {file}; the shipped article keeps them in {holders:?}"
        );
        named.insert(list);
    }
    let registry: BTreeSet<String> = RecordList::ALL.iter().map(|l| l.key().to_owned()).collect();
    assert_eq!(
        named, registry,
        "CURATING.md's files of lists and the registry of lists differ"
    );
}

#[test]
fn every_relative_link_of_the_pages_names_a_file_that_exists() {
    for page in [
        "README.md",
        "ARCHITECTURE.md",
        "BENCHMARKS.md",
        "CURATING.md",
        "CHANGELOG.md",
        "GENERIC.md",
    ] {
        let text = read(page);
        for target in text.split("](").skip(1).filter_map(|t| t.split(')').next()) {
            let path = target.split('#').next().unwrap_or_default();
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            assert!(
                root().join(path).exists(),
                "{page} links to {target}, which does not exist"
            );
        }
    }
}
