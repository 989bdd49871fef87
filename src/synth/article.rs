//! One synthetic article: its text and its records, built together so that every quote is a
//! sentence of the text; every list of [`RecordList::ALL`] gets records.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::dataset::RecordList;
use crate::hash::sha256_hex;

const FIRST: &[&str] = &[
    "Anvar", "Dilnoza", "Farrukh", "Gulnora", "Jamshed", "Malika", "Rustam", "Shahlo", "Timur",
    "Zarina",
];
const LAST: &[&str] = &[
    "Karimov", "Nazarova", "Rahimov", "Saidova", "Tursunov", "Umarova", "Yusupov", "Qodirova",
];
const BODIES: &[&str] = &[
    "Border Service",
    "Customs Committee",
    "Interior Ministry",
    "Security Council",
    "Drug Agency",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const OUTLETS: &[(&str, &str)] = &[
    ("synth-agency-north", "North Wire"),
    ("synth-agency-south", "South Wire"),
    ("synth-tv", "Channel Nine"),
];

/// Builds one article's text and records together, so that every quote is a sentence of the text.
struct SynthArticle {
    /// The article's number.
    a: usize,
    /// The id of its source.
    id: String,
    text: String,
}

impl SynthArticle {
    /// Appends a sentence to the text and returns evidence quoting it.
    fn say(&mut self, sentence: &str) -> Value {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(sentence);
        json!({"source": self.id, "quote": sentence})
    }

    /// The id of the article's `i`-th entity.
    fn ent(&self, i: usize) -> String {
        format!("{}-e{i}", self.id)
    }

    /// The records of `list`, their quotes appended to the text; every list has some, so that
    /// a benchmark exercises every kind of record.
    fn records(&mut self, list: RecordList, text_path: &str) -> Vec<Value> {
        match list {
            RecordList::Sources => vec![self.source(text_path)],
            RecordList::Entities => self.entities(),
            RecordList::Events => self.events(),
            RecordList::Claims => self.claims(),
            RecordList::Statements => self.statements(),
            RecordList::Quantities => self.quantities(),
            RecordList::Relations => self.relations(),
        }
    }

    /// The article's source, its `sha256` left empty until the text is whole.
    fn source(&mut self, text_path: &str) -> Value {
        let a = self.a;
        let mut masthead = String::new();
        let _ = write!(
            masthead,
            "Synthetic Monitor issue {} report {a} on {}.",
            a + 1,
            country_name(a)
        );
        let evidence = self.say(&masthead);
        json!({
            "id": self.id, "kind": "article", "publication": "Synthetic Monitor", "issue": a + 1, "language": "en",
            "path": text_path, "sha256": "", "evidence": [evidence],
        })
    }

    fn entities(&self) -> Vec<Value> {
        let (a, id) = (self.a, &self.id);
        let mut entities = vec![
            json!({"id": format!("{id}-country"), "kind": "country", "name": country_name(a), "country": "TJ"}),
        ];
        for i in 0..20_usize {
            let kind = if i.is_multiple_of(4) {
                "government_body"
            } else {
                "person"
            };
            let name = self.name(i);
            entities.push(json!({"id": self.ent(i), "kind": kind, "name": name, "aliases": [format!("alias {a}-{i}")], "country": "TJ", "description": format!("Synthetic {kind} number {i}.")}));
        }
        entities
    }

    /// The name of the article's `i`-th entity: a body every fourth, otherwise a person.
    fn name(&self, i: usize) -> String {
        let a = self.a;
        if i.is_multiple_of(4) {
            format!("{} {a}-{i}", BODIES[i % BODIES.len()])
        } else {
            format!(
                "{} {} {a}-{i}",
                FIRST[(a + i) % FIRST.len()],
                LAST[(a * 3 + i) % LAST.len()]
            )
        }
    }

    fn events(&mut self) -> Vec<Value> {
        let (a, id) = (self.a, self.id.clone());
        let mut events = Vec::new();
        for i in 0..30 {
            let (date, written) = day(a, i);
            let (host, guest) = (self.name(i % 20), self.name((i + 1) % 20));
            let evidence = self.say(&format!(
                "On {written} {host} met {guest} of delegation {i} in the capital."
            ));
            let mut event = json!({
                "id": format!("{id}-ev{i}"), "kind": "meeting", "status": "occurred", "summary": format!("Meeting {i} of article {a}."),
                "when": {"date": date, "precision": "day", "as_written": written},
                "place": format!("{id}-country"),
                "participants": [{"entity": self.ent(i % 20), "role": "actor"}, {"entity": self.ent((i + 1) % 20), "role": "addressee"}],
                "evidence": [evidence],
            });
            if i % 10 == 1 {
                event["links"] =
                    json!([{"event": format!("{id}-ev{}", i - 1), "relation": "part_of"}]);
            }
            if i % 5 == 0 {
                let (o, name) = OUTLETS[i % OUTLETS.len()];
                let credit = self.say(&format!("({name}, {written}, item {a}-{i})"));
                event["attributions"] = json!([{"outlet": o, "date": {"date": date, "precision": "day"}, "evidence": credit}]);
            }
            events.push(event);
        }
        events
    }

    fn claims(&mut self) -> Vec<Value> {
        let (a, id) = (self.a, self.id.clone());
        (0..6)
            .map(|i| {
                let evidence = self.say(&format!("Body {a}-{} is judged too slow, item {i}.", 4 * (i % 5)));
                json!({"id": format!("{id}-cl{i}"), "kind": "assessment", "holder": {"author": id}, "summary": format!("Claim {i} of article {a}."), "about": [{"entity": self.ent(4 * (i % 5)), "role": "topic"}], "evidence": [evidence]})
            })
            .collect()
    }

    fn statements(&mut self) -> Vec<Value> {
        let (a, id) = (self.a, self.id.clone());
        (0..10)
            .map(|i| {
                let quote = format!("We will finish task {a}-{i} this year");
                let evidence = self.say(&format!("“{quote},” said speaker {a}-{i}."));
                json!({"id": format!("{id}-st{i}"), "speaker": self.ent(1 + i), "quote": quote, "event": format!("{id}-ev{i}"), "evidence": [evidence]})
            })
            .collect()
    }

    fn quantities(&mut self) -> Vec<Value> {
        let (a, id) = (self.a, self.id.clone());
        (0..14)
            .map(|i| {
                let value = (a * 31 + i * 17) % 9000 + 1;
                let evidence = self.say(&format!(
                    "Report {a}-{i} counted as much as {value} tons of cargo."
                ));
                json!({"id": format!("{id}-q{i}"), "measures": format!("cargo tonnage {i}"), "value": value, "unit": "tonne", "qualifier": "as_much_as", "as_written": format!("as much as {value} tons"), "subject": format!("{id}-country"), "evidence": [evidence]})
            })
            .collect()
    }

    fn relations(&mut self) -> Vec<Value> {
        let a = self.a;
        (0..18)
            .map(|i| {
                let person = if i % 4 == 0 { i + 1 } else { i % 20 };
                let body = 4 * (i % 5);
                let (subject, object) = (self.ent(person % 20), self.ent(body));
                let sentence = format!(
                    "{} serves on the {}, as member {a}-{i}.",
                    self.name(person % 20),
                    self.name(body)
                );
                let evidence = self.say(&sentence);
                json!({"id": format!("{subject}-member-of-{object}"), "subject": subject, "predicate": "member_of", "object": object, "evidence": [evidence]})
            })
            .collect()
    }
}

/// The name of article `a`'s country.
fn country_name(a: usize) -> String {
    format!("Republic {a}")
}

/// Records every occurrence of each entity's name in `text` as a mention of it, numbered when
/// the name occurs more than once.
fn mention_names(id: &str, text: &str, entities: &mut [Value]) {
    for e in entities {
        let name = e["name"].as_str().unwrap_or_default().to_owned();
        let starts = memchr::memmem::find_iter(text.as_bytes(), name.as_bytes()).count();
        let mentions: Vec<Value> = (1..=starts)
            .map(|k| {
                let mut m = json!({"source": id, "quote": name, "form": "name"});
                if starts > 1 {
                    m["occurrence"] = json!(k);
                }
                m
            })
            .collect();
        e["mentions"] = Value::Array(mentions);
    }
}

fn day(a: usize, i: usize) -> (String, String) {
    let month = (a + i) % 12;
    let d = 1 + (a * 7 + i) % 28;
    (
        format!("2007-{:02}-{d:02}", month + 1),
        format!("{} {d}", MONTHS[month]),
    )
}

/// One article's text and its record lists (in the order of [`RecordList::ALL`]); the source's
/// `path` is `text_path`.
pub(super) fn article(a: usize, text_path: &str) -> (String, [Vec<Value>; RecordList::COUNT]) {
    let mut art = SynthArticle {
        a,
        id: format!("synth-{a:06}"),
        text: String::new(),
    };
    let mut lists = RecordList::ALL.map(|list| art.records(list, text_path));
    art.text.push('\n');
    mention_names(
        &art.id,
        &art.text,
        &mut lists[RecordList::Entities as usize],
    );
    // The source's hash covers the whole text, known only now.
    let sha = sha256_hex(art.text.as_bytes());
    lists[RecordList::Sources as usize][0]["sha256"] = Value::String(sha);
    (art.text, lists)
}
