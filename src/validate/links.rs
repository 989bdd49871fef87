//! Rules over the links between records of one list, which no single part can check: events
//! linked to events and quantities to the wholes they are part of never run in a circle, and a
//! part is in its whole's unit and no larger; a relation of a two-way predicate is not recorded
//! both ways. Found at the end of the first pass from the links
//! it gathered and its index, reported in the part that holds the linking record.

use std::collections::HashMap;

use super::context::Context;
use super::ids::IdIndex;
use crate::dataset::{At, RecordList};
use crate::diagnostic::Rule;
use crate::error::Error;
use crate::model::{Id, Unit, serde_name};

/// A link from one record to another of its list (an event's link, a quantity's whole).
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// Where the linking record is: its part, list and index within the part's list.
    pub(crate) part: usize,
    /// The list it is in.
    pub(crate) list: RecordList,
    /// Its index within the part's list.
    pub(crate) index: usize,
    /// The pointer of the link within the record.
    pub(crate) sub: String,
    /// The linking record's id.
    pub(crate) from: String,
    /// The id linked to.
    pub(crate) to: String,
}

/// A relation of a two-way predicate: where it is (a link whose `to` is unused), and its subject,
/// predicate's name and object.
pub(crate) type Pair = (Link, (String, &'static str, String));

/// What the first pass gathers for the link rules, dropped once they are checked.
#[derive(Debug, Default)]
pub(crate) struct Linked {
    /// Every link between records of one list that must not form a cycle.
    pub(crate) links: Vec<Link>,
    /// Every relation of a two-way predicate, as a link from its subject to its object (`from`
    /// is the relation's id).
    pub(crate) pairs: Vec<Pair>,
    /// The value and unit of every quantity, by the number of its id in the index.
    pub(crate) amounts: Amounts,
}

/// The value and unit of quantities by the number of their id, added in the order ids are
/// numbered: a sorted list of 16 bytes an entry, where a hash map takes two to three times that.
#[derive(Debug, Default)]
pub(crate) struct Amounts(Vec<(u32, f64, Unit)>);

impl Amounts {
    /// Adds the amount of the quantity whose id has `number`, above every number added before.
    pub(crate) fn push(&mut self, number: u32, (value, unit): (f64, Unit)) {
        debug_assert!(self.0.last().is_none_or(|last| last.0 < number));
        self.0.push((number, value, unit));
    }

    /// The amount of the quantity whose id has `number`.
    fn get(&self, number: u32) -> Option<(f64, Unit)> {
        let at = self.0.binary_search_by_key(&number, |a| a.0).ok()?;
        let (_, value, unit) = self.0[at];
        Some((value, unit))
    }
}

impl Linked {
    /// Every broken link rule, by the part holding the linking record; `ids` numbers the ids.
    pub(crate) fn problems(self, ids: &IdIndex) -> Result<HashMap<usize, Vec<LinkProblem>>, Error> {
        let mut found: HashMap<usize, Vec<LinkProblem>> = HashMap::new();
        let problems = cycles(&self.links)
            .into_iter()
            .chain(wholes(&self, ids)?)
            .chain(both_ways(&self.pairs));
        for problem in problems {
            found.entry(problem.link.part).or_default().push(problem);
        }
        Ok(found)
    }
}

/// A broken link rule, found for the record that holds the link.
#[derive(Debug, Clone)]
pub(crate) struct LinkProblem {
    /// The link.
    pub(crate) link: Link,
    /// The rule broken.
    pub(crate) rule: Rule,
    /// What is wrong.
    pub(crate) message: String,
    /// What was found.
    pub(crate) found: String,
    /// What was expected.
    pub(crate) expected: String,
}

/// The links that lie on a cycle, each with the records of its cycle. Nodes are numbered (`u32`)
/// and edges kept as one list: at scale the links are many and almost none are on a cycle.
fn cycles(links: &[Link]) -> Vec<LinkProblem> {
    let mut nodes: HashMap<&str, u32> = HashMap::new();
    let mut ends: Vec<(u32, u32)> = Vec::with_capacity(links.len());
    for l in links {
        let mut number = |id| {
            let n = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
            *nodes.entry(id).or_insert(n)
        };
        ends.push((number(l.from.as_str()), number(l.to.as_str())));
    }
    let component = components(&Graph::new(nodes.len(), &ends));
    // Only a component of several records is a circle through them.
    let mut sizes = vec![0u32; nodes.len()];
    for &c in &component {
        sizes[c as usize] += 1;
    }
    let mut members: HashMap<u32, Vec<&str>> = HashMap::new();
    for (id, &n) in &nodes {
        let c = component[n as usize];
        if sizes[c as usize] > 1 {
            members.entry(c).or_default().push(id);
        }
    }
    drop(nodes);
    let mut problems = Vec::new();
    for (l, &(from, to)) in links.iter().zip(&ends) {
        let c = component[from as usize];
        if c != component[to as usize] {
            continue;
        }
        let found = if from == to {
            format!("`{}` linked to itself", l.from)
        } else {
            let mut circle = members.get(&c).cloned().unwrap_or_default();
            circle.sort_unstable();
            let names: Vec<String> = circle.iter().map(|id| format!("`{id}`")).collect();
            format!("a circle through {}", names.join(", "))
        };
        problems.push(LinkProblem {
            link: l.clone(),
            rule: Rule::LinkCycle,
            message: "links run in a circle back to this record".to_owned(),
            found,
            expected: "links that never lead back to the record they start from".to_owned(),
        });
    }
    problems
}

/// Edges between numbered nodes: the targets of every node's edges, one node after another.
struct Graph {
    /// Where each node's targets start in `targets`, and one past the last node's.
    starts: Vec<u32>,
    targets: Vec<u32>,
}

impl Graph {
    /// The graph of `nodes` nodes with edges `ends` (from, to), each node's in the order given.
    fn new(nodes: usize, ends: &[(u32, u32)]) -> Graph {
        let mut starts = vec![0u32; nodes + 1];
        for &(from, _) in ends {
            starts[from as usize + 1] += 1;
        }
        for n in 0..nodes {
            starts[n + 1] += starts[n];
        }
        let mut next = starts.clone();
        let mut targets = vec![0u32; ends.len()];
        for &(from, to) in ends {
            targets[next[from as usize] as usize] = to;
            next[from as usize] += 1;
        }
        Graph { starts, targets }
    }

    /// The targets of node `v`'s edges.
    fn edges(&self, v: usize) -> &[u32] {
        &self.targets[self.starts[v] as usize..self.starts[v + 1] as usize]
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, without recursion). A
/// node alone in its component is on a cycle only when it has an edge to itself.
fn components(graph: &Graph) -> Vec<u32> {
    const NONE: u32 = u32::MAX;
    let n = graph.starts.len() - 1;
    let (mut index, mut low, mut comp) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next, mut count) = (0u32, 0u32);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        let mut calls = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = calls.last_mut() {
            if *i == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph.edges(v).get(*i) {
                let w = w as usize;
                *i += 1;
                if index[w] == NONE {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    comp
}

/// The quantities in another unit than their whole, or larger than it.
fn wholes(linked: &Linked, ids: &IdIndex) -> Result<Vec<LinkProblem>, Error> {
    let mut problems = Vec::new();
    for l in linked
        .links
        .iter()
        .filter(|l| l.list == RecordList::Quantities)
    {
        let (Some((part, part_unit)), Some((whole, whole_unit))) =
            (amount(linked, ids, &l.from)?, amount(linked, ids, &l.to)?)
        else {
            continue;
        };
        let message = if part_unit != whole_unit {
            "a part is counted in another unit than its whole"
        } else if part > whole {
            "a part is larger than its whole"
        } else {
            continue;
        };
        let found = format!(
            "{part} {} as part of `{}`, {whole} {}",
            serde_name(&part_unit),
            l.to,
            serde_name(&whole_unit)
        );
        problems.push(LinkProblem {
            link: l.clone(),
            rule: Rule::PartExceedsWhole,
            message: message.to_owned(),
            found,
            expected: "a part in its whole's unit, no larger than the whole".to_owned(),
        });
    }
    Ok(problems)
}

/// The relations of a two-way predicate recorded both ways (same predicate, swapped ends): each
/// is reported, naming the other.
fn both_ways(pairs: &[Pair]) -> Vec<LinkProblem> {
    let mut ends: HashMap<(&str, &str, &str), &str> = HashMap::new();
    for (link, (subject, predicate, object)) in pairs {
        ends.entry((subject.as_str(), predicate, object.as_str()))
            .or_insert(link.from.as_str());
    }
    let mut problems = Vec::new();
    for (link, (subject, predicate, object)) in pairs {
        let Some(other) = ends.get(&(object.as_str(), predicate, subject.as_str())) else {
            continue;
        };
        if subject == object {
            continue;
        }
        problems.push(LinkProblem {
            link: link.clone(),
            rule: Rule::TwoWayOrder,
            message: "a two-way relation is recorded both ways".to_owned(),
            found: format!("`{subject}` {predicate} `{object}`, and `{other}` the other way"),
            expected: "one relation, with the id that sorts first as subject".to_owned(),
        });
    }
    problems
}

/// The value and unit of the quantity `id`, when it is one.
fn amount(linked: &Linked, ids: &IdIndex, id: &str) -> Result<Option<(f64, Unit)>, Error> {
    let number = ids.position(id)?;
    Ok(number.and_then(|n| linked.amounts.get(n)))
}

/// Reports the broken link rules of the records of part `p`.
pub(crate) fn report(ctx: &mut Context<'_>, problems: &HashMap<usize, Vec<LinkProblem>>, p: usize) {
    for problem in problems.get(&p).into_iter().flatten() {
        let l = &problem.link;
        let at = At {
            file: p,
            pointer: format!("/{}/{}", l.list.key(), l.index),
        };
        let id = Id(l.from.clone());
        let d = ctx
            .diagnostic(
                problem.rule,
                &at,
                &l.sub,
                Some(&id),
                problem.message.clone(),
            )
            .found(problem.found.clone())
            .expected(problem.expected.clone());
        ctx.report.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(from: &str, to: &str) -> Link {
        Link {
            part: 0,
            list: RecordList::Events,
            index: 0,
            sub: "/links/0/event".to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    #[test]
    fn only_links_on_a_circle_are_reported() {
        let links = [
            link("a", "b"),
            link("b", "c"),
            link("c", "a"),
            link("c", "d"),
            link("e", "e"),
            link("f", "g"),
        ];
        let on_cycle: Vec<(String, String)> = cycles(&links)
            .into_iter()
            .map(|p| (p.link.from, p.link.to))
            .collect();
        let pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("e", "e")];
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(f, t)| ((*f).to_owned(), (*t).to_owned()))
            .collect();
        assert_eq!(on_cycle, expected);
    }

    #[test]
    fn a_two_way_fact_recorded_both_ways_is_reported_on_each() {
        let pair = |id: &str, subject: &str, predicate, object: &str| -> Pair {
            (
                link(id, ""),
                (subject.to_owned(), predicate, object.to_owned()),
            )
        };
        let pairs = [
            pair("a-borders-on-b", "a", "borders_on", "b"),
            pair("b-borders-on-a", "b", "borders_on", "a"),
            pair("a-cooperates-with-b", "a", "cooperates_with", "b"),
            pair("c-borders-on-d", "c", "borders_on", "d"),
        ];
        let reported: Vec<String> = both_ways(&pairs).into_iter().map(|p| p.link.from).collect();
        assert_eq!(reported, ["a-borders-on-b", "b-borders-on-a"]);
    }

    #[test]
    fn amounts_are_found_by_the_number_of_their_id() {
        let mut amounts = Amounts::default();
        for n in [3, 7, 8, 20] {
            amounts.push(n, (f64::from(n) * 1.5, Unit::Tonne));
        }
        assert_eq!(amounts.get(8), Some((12.0, Unit::Tonne)));
        assert_eq!(amounts.get(20), Some((30.0, Unit::Tonne)));
        assert_eq!(amounts.get(4), None);
        assert_eq!(amounts.get(0), None);
        assert_eq!(std::mem::size_of::<(u32, f64, Unit)>(), 16);
    }

    #[test]
    fn a_chain_has_no_cycle() {
        let links: Vec<Link> = (0..1000)
            .map(|i| link(&format!("n{i}"), &format!("n{}", i + 1)))
            .collect();
        assert!(cycles(&links).is_empty());
    }
}
