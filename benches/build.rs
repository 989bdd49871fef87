//! How long the main job takes on the shipped seeds: validation alone, and validation with every
//! table encoded in every format (everything `build` does except writing the files).

// `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tajik_ct_dataset::validate::{Options, validate};
use tajik_ct_dataset::{export, tables};

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

fn bench(c: &mut Criterion) {
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

criterion_group!(benches, bench);
criterion_main!(benches);
