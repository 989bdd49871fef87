//! Hot paths of the main job: validating the shipped seeds, building them, and validating,
//! building and encoding a synthetic dataset of 10,000 records.

// `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tajik_ct_dataset::export::{self, TableMeta};
use tajik_ct_dataset::validate::{Options, validate};
use tajik_ct_dataset::{build, output, synth, tables};

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

fn build_into(root: &Path, out: &Path) {
    let build =
        build::build(root, out, Options::default(), build::SORT_BUDGET).expect("seeds readable");
    assert!(build.validation.report.is_empty());
    build.staging.expect("built");
}

fn shipped(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temporary folder");
    c.bench_function("validate shipped seeds", |b| {
        b.iter(|| {
            let v = validate(seeds(), Options::default()).expect("seeds readable");
            assert!(v.report.is_empty());
        });
    });
    c.bench_function("build shipped seeds", |b| {
        b.iter(|| build_into(seeds(), &out.path().join("dist")));
    });
}

fn synthetic(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("seeds");
    output::replace_dir(&root, &synth::files(10_000)).expect("synthetic seeds written");
    c.bench_function("validate 10k synthetic records", |b| {
        b.iter(|| {
            let v = validate(&root, Options::default()).expect("readable");
            assert!(v.report.is_empty());
        });
    });
    c.bench_function("build 10k synthetic records", |b| {
        b.iter(|| build_into(&root, &dir.path().join("dist")));
    });
    let checked = validate(&root, Options::default())
        .expect("readable")
        .checked
        .expect("valid");
    let specs = tables::registry::specs().expect("specs");
    let mut rows = tables::registry::rows(&checked).expect("rows");
    for (spec, table) in specs.iter().zip(&mut rows) {
        spec.sort(table);
    }
    for format in export::formats() {
        c.bench_function(
            &format!("encode 10k synthetic records as {}", format.extension()),
            |b| {
                b.iter(|| {
                    for (spec, table) in specs.iter().zip(&rows) {
                        let mut writer = format
                            .writer(TableMeta::of(spec), Box::new(std::io::sink()))
                            .expect("writer");
                        writer
                            .write_rows(&export::Batch::new(table.clone()))
                            .expect("encoded");
                        writer.finish().expect("finished");
                    }
                });
            },
        );
    }
}

criterion_group!(benches, shipped, synthetic);
criterion_main!(benches);
