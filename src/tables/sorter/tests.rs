//! The sorter against sorting everything at once: in order, through watermarks, and spilled.

use super::*;
use crate::tables::registry::spec;
use serde_json::json;

fn entity(id: &str) -> Cells {
    vec![
        json!(id),
        json!("person"),
        json!(id),
        Value::Null,
        Value::Null,
    ]
}

fn collect(sorter: Sorter<'_>, out: &mut Vec<String>) {
    let mut emit = |rows: Vec<Cells>| {
        out.extend(rows.iter().map(|r| r[0].as_str().unwrap().to_owned()));
        Ok(())
    };
    sorter.finish(&mut emit).unwrap();
}

#[test]
fn rows_below_the_watermark_are_released_in_order() {
    let spec = spec("entities").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut sorter = Sorter::new(spec, usize::MAX, dir.path());
    sorter
        .push(vec![entity("b"), entity("a"), entity("d")])
        .unwrap();
    let mut out = Vec::new();
    let mut emit = |rows: Vec<Cells>| {
        out.extend(rows.iter().map(|r| r[0].as_str().unwrap().to_owned()));
        Ok(())
    };
    sorter.release(Some("c"), &mut emit).unwrap();
    assert_eq!(out, ["a", "b"]);
    sorter.push(vec![entity("c")]).unwrap();
    collect(sorter, &mut out);
    assert_eq!(out, ["a", "b", "c", "d"]);
}

#[test]
fn interleaved_rows_spill_and_merge_into_one_order() {
    let spec = spec("entities").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut sorter = Sorter::new(spec, 1, dir.path());
    for chunk in [["m", "a"], ["z", "b"], ["c", "n"]] {
        sorter
            .push(chunk.iter().map(|id| entity(id)).collect())
            .unwrap();
    }
    assert_eq!(sorter.spilled_runs(), 3);
    let mut out = Vec::new();
    collect(sorter, &mut out);
    assert_eq!(out, ["a", "b", "c", "m", "n", "z"]);
}

/// Pushes `parts` (the rows of one table, part by part) through a sorter with the watermarks a
/// plan of those parts gives, releasing after each part as a build does; returns the rows that
/// came out after each part and then at the finish, and how many runs were spilled.
fn stream(spec: &TableSpec, parts: &[Vec<Cells>], budget: usize) -> (Vec<Vec<Cells>>, usize) {
    let slot = spec.owners[0] as usize;
    let smallest = parts
        .iter()
        .map(|rows| {
            let mut ids: [Option<Box<str>>; crate::dataset::RecordList::COUNT] =
                std::array::from_fn(|_| None);
            ids[slot] = rows.iter().map(|r| spec.lead(r)).min().map(Into::into);
            ids
        })
        .collect();
    let marks = crate::validate::Plan::with_smallest(smallest).watermarks(&spec.owners);
    let dir = tempfile::tempdir().unwrap();
    let mut sorter = Sorter::new(spec, budget, dir.path());
    let mut steps = Vec::new();
    for (rows, mark) in parts.iter().zip(&marks) {
        let mut out = Vec::new();
        sorter.push(rows.clone()).unwrap();
        sorter
            .release(mark.as_deref(), &mut |rows| {
                out.extend(rows);
                Ok(())
            })
            .unwrap();
        steps.push(out);
    }
    let spilled = sorter.spilled_runs();
    let mut out = Vec::new();
    sorter
        .finish(&mut |rows| {
            out.extend(rows);
            Ok(())
        })
        .unwrap();
    steps.push(out);
    (steps, spilled)
}

fn alias(entity: &str, alias: &str) -> Cells {
    vec![json!(entity), json!(alias)]
}

#[test]
fn interleaved_parts_are_released_as_their_watermarks_allow() {
    let spec = spec("entity_aliases").unwrap();
    let parts = [
        vec![alias("m", "1"), alias("d", "2"), alias("z", "3")],
        vec![alias("c", "4"), alias("n", "5")],
        vec![alias("p", "6"), alias("e", "7")],
    ];
    // The watermarks: after part 0 `c` (part 1 holds it), after part 1 `e`, then none.
    let (steps, spilled) = stream(spec, &parts, usize::MAX);
    assert_eq!(spilled, 0);
    let steps: Vec<Vec<String>> = steps
        .iter()
        .map(|rows| {
            rows.iter()
                .map(|r| format!("{}{}", spec.lead(r), r[1].as_str().unwrap()))
                .collect()
        })
        .collect();
    assert_eq!(
        steps,
        [
            vec![],
            vec!["c4", "d2"],
            vec!["e7", "m1", "n5", "p6", "z3"],
            vec![]
        ]
    );
    // Spilled, the same rows come out in the same order, all at the finish.
    let (spilled_steps, runs) = stream(spec, &parts, 0);
    assert_eq!(runs, 3);
    assert!(spilled_steps[..3].iter().all(Vec::is_empty));
    assert_eq!(spilled_steps[3].len(), 7);
}

mod prop {
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Arbitrary rows in arbitrary interleaved parts come out of the sorter, spilling or
        /// not, exactly as sorting all of them at once orders them: by key, and rows with equal
        /// keys in the order they were pushed (each row's name says where it was pushed).
        #[test]
        fn streaming_sort_equals_sorting_all_rows(
            parts in vec(vec("[a-f]{1,2}", 0..10), 1..8),
            budget in prop_oneof![0usize..600, Just(usize::MAX)],
        ) {
            let spec = spec("entities").unwrap();
            let parts: Vec<Vec<Cells>> = parts
                .iter()
                .enumerate()
                .map(|(p, ids)| {
                    let row = |(i, id): (usize, &String)| {
                        let mut row = entity(id);
                        row[2] = json!(format!("part {p} row {i}"));
                        row
                    };
                    ids.iter().enumerate().map(row).collect()
                })
                .collect();
            let (steps, spilled) = stream(spec, &parts, budget);
            let mut all: Vec<Cells> = parts.concat();
            spec.sort(&mut all);
            prop_assert_eq!(steps.concat(), all);
            if budget == 0 {
                prop_assert_eq!(spilled, parts.iter().filter(|p| !p.is_empty()).count());
            }
        }
    }
}
