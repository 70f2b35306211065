//! Criterion benchmarks of the phases on a generated system of 1 000 standards:
//! load (read, parse, validate, model: no rules), check (load with the file rules, then the
//! system rules and overrides), counting, the table, and the
//! handbook rendering in memory. `cargo bench`; the whole-binary comparison with the parse
//! floor is `scripts/bench.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../examples/gen_system/generate.rs"]
#[allow(dead_code)]
mod generate;

fn phases(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    generate::generate(1000, dir.path());
    let root = || stdkit::system::Root::find(Some(dir.path())).unwrap();
    let opts = stdkit::load::Options::default();
    let mut g = c.benchmark_group("1k standards");
    g.sample_size(20);
    g.bench_function("load", |b| {
        b.iter(|| black_box(stdkit::load::load(root(), &opts, &stdkit::load::Unchecked).unwrap()))
    });
    g.bench_function("load and check", |b| {
        b.iter(|| black_box(stdkit::check::run(root(), &opts).unwrap()))
    });
    let system = stdkit::check::run(root(), &opts).unwrap();
    g.bench_function("count", |b| {
        b.iter(|| black_box(stdkit::count::Counts::of(&system.standards, &system.sys)))
    });
    g.bench_function("table (build + markdown)", |b| {
        b.iter(|| {
            black_box(stdkit::table::markdown::render(
                &stdkit::table::Table::build(&system),
            ))
        })
    });
    let tera = stdkit::handbook::templates::load(dir.path()).unwrap();
    let opts = stdkit::handbook::Options {
        out: dir.path().join("build"),
        include_drafts: false,
    };
    g.bench_function("render handbooks (in memory)", |b| {
        b.iter(|| {
            let sink = stdkit::handbook::MemSink::default();
            black_box(
                stdkit::handbook::render(&system, &opts, &tera, &sink)
                    .unwrap()
                    .files,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
