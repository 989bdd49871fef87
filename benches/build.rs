//! Hot paths of the main job: validating the shipped seeds, validating and exporting them, and
//! encoding a synthetic dataset of 10,000 records in each format.

// `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tajik_ct_dataset::validate::{Options, validate};
use tajik_ct_dataset::{export, output, synth, tables};

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

fn shipped(c: &mut Criterion) {
    c.bench_function("validate shipped seeds", |b| {
        b.iter(|| {
            let v = validate(seeds(), Options::default()).expect("seeds readable");
            assert!(v.report.is_empty());
        });
    });
    c.bench_function("validate and export shipped seeds", |b| {
        b.iter(|| {
            let v = validate(seeds(), Options::default()).expect("seeds readable");
            let checked = v.checked.expect("seeds valid");
            let tables = tables::build::tables(&checked).expect("tables");
            export::render(&tables).expect("encoded")
        });
    });
}

fn synthetic(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("seeds");
    output::replace_dir(&root, &synth::files(10_000)).expect("synthetic seeds written");
    c.bench_function("validate 10k synthetic records", |b| {
        b.iter(|| {
            validate(&root, Options::default())
                .expect("readable")
                .checked
                .expect("valid")
        });
    });
    let checked = validate(&root, Options::default())
        .expect("readable")
        .checked
        .expect("valid");
    let tables = tables::build::tables(&checked).expect("tables");
    for format in export::formats() {
        c.bench_function(
            &format!("encode 10k synthetic records as {}", format.extension()),
            |b| {
                b.iter(|| {
                    for table in &tables {
                        export::encode(format.as_ref(), table).expect("encoded");
                    }
                });
            },
        );
    }
}

criterion_group!(benches, shipped, synthetic);
criterion_main!(benches);
