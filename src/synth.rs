//! A synthetic seeds folder of about N records, for benchmarks and stress tests: every kind of
//! record, realistic sizes and references, and article texts that contain every quote. The same
//! N always gives the same files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::schema::to_pretty;
use crate::validate::sha256_hex;

/// Records per synthetic article (one source, then entities, events, statements, quantities,
/// relations in fixed shares).
pub const RECORDS_PER_ARTICLE: usize = 100;

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
const OUTLETS: &[(&str, &str)] = &[
    ("synth-agency-north", "North Wire"),
    ("synth-agency-south", "South Wire"),
    ("synth-tv", "Channel Nine"),
];

/// Every file of a synthetic seeds folder of about `records` records, by relative path.
#[must_use]
pub fn files(records: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let outlets: Vec<Value> = OUTLETS
        .iter()
        .map(|(id, title)| json!({"id": id, "kind": "news_agency", "title": title}))
        .collect();
    let common = json!({"$schema": "../../schema/seeds.schema.json", "sources": outlets});
    files.insert(
        "common/outlets.json".to_owned(),
        to_pretty(&common).into_bytes(),
    );
    let articles = records.div_ceil(RECORDS_PER_ARTICLE).max(1);
    for a in 0..articles {
        let (text, doc) = article(a);
        let dir = format!("a{a:06}");
        files.insert(format!("{dir}/article.txt"), text.into_bytes());
        files.insert(format!("{dir}/records.json"), to_pretty(&doc).into_bytes());
    }
    files
}

/// Builds one article's text and records together, so that every quote is a sentence of the text.
struct Article {
    id: String,
    text: String,
}

impl Article {
    /// Appends a sentence to the text and returns evidence quoting it.
    fn say(&mut self, sentence: &str) -> Value {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(sentence);
        json!({"source": self.id, "quote": sentence})
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

#[allow(clippy::too_many_lines)]
fn article(a: usize) -> (String, Value) {
    let id = format!("synth-{a:06}");
    let mut art = Article {
        id: id.clone(),
        text: String::new(),
    };
    let mut masthead = String::new();
    let _ = write!(masthead, "Synthetic Monitor issue {} report {a}.", a + 1);
    let source_evidence = art.say(&masthead);
    let ent = |i: usize| format!("{id}-e{i}");
    let mut entities = vec![
        json!({"id": format!("{id}-country"), "kind": "country", "name": format!("Republic {a}"), "country": "TJ"}),
    ];
    for i in 0..20 {
        let (kind, name) = if i % 4 == 0 {
            (
                "government_body",
                format!("{} {a}-{i}", BODIES[i % BODIES.len()]),
            )
        } else {
            (
                "person",
                format!(
                    "{} {} {a}-{i}",
                    FIRST[(a + i) % FIRST.len()],
                    LAST[(a * 3 + i) % LAST.len()]
                ),
            )
        };
        entities.push(json!({"id": ent(i), "kind": kind, "name": name, "aliases": [format!("alias {a}-{i}")], "country": "TJ", "description": format!("Synthetic {kind} number {i}.")}));
    }
    let mut events = Vec::new();
    for i in 0..30 {
        let (date, written) = day(a, i);
        let evidence = art.say(&format!(
            "On {written} officials of body {a}-{i} met delegation {i} in the capital."
        ));
        let mut event = json!({
            "id": format!("{id}-ev{i}"), "kind": "meeting", "summary": format!("Meeting {i} of article {a}."),
            "when": {"date": date, "precision": "day", "as_written": written},
            "place": format!("{id}-country"),
            "participants": [{"entity": ent(i % 20), "role": "actor"}, {"entity": ent((i + 1) % 20), "role": "addressee"}],
            "evidence": [evidence],
        });
        if i % 5 == 0 {
            let (o, _) = OUTLETS[i % OUTLETS.len()];
            let credit = art.say(&format!(
                "({}, {written}, item {a}-{i})",
                OUTLETS[i % OUTLETS.len()].1
            ));
            event["attributions"] = json!([{"outlet": o, "date": {"date": date, "precision": "day"}, "evidence": credit}]);
        }
        events.push(event);
    }
    let mut statements = Vec::new();
    for i in 0..10 {
        let quote = format!("We will finish task {a}-{i} this year");
        let evidence = art.say(&format!("“{quote},” said speaker {a}-{i}."));
        statements.push(json!({"id": format!("{id}-st{i}"), "speaker": ent(1 + i), "quote": quote, "event": format!("{id}-ev{i}"), "evidence": [evidence]}));
    }
    let mut quantities = Vec::new();
    for i in 0..14 {
        let value = (a * 31 + i * 17) % 9000 + 1;
        let evidence = art.say(&format!(
            "Report {a}-{i} counted as much as {value} tons of cargo."
        ));
        quantities.push(json!({"id": format!("{id}-q{i}"), "measures": format!("cargo tonnage {i}"), "value": value, "unit": "tonne", "qualifier": "as_much_as", "as_written": format!("as much as {value} tons"), "subject": format!("{id}-country"), "evidence": [evidence]}));
    }
    let mut relations = Vec::new();
    for i in 0..24 {
        let person = if i % 4 == 0 { i + 1 } else { i % 20 };
        let body = 4 * (i % 5);
        let evidence = art.say(&format!("Member {a}-{i} serves on body {a}-{body}."));
        relations.push(json!({"id": format!("{id}-r{i}"), "subject": ent(person % 20), "predicate": "member_of", "object": ent(body), "evidence": [evidence]}));
    }
    art.text.push('\n');
    let sha = sha256_hex(art.text.as_bytes());
    let source = json!({
        "id": id, "kind": "article", "publication": "Synthetic Monitor", "issue": a + 1, "language": "en",
        "path": format!("a{a:06}/article.txt"), "sha256": sha, "evidence": [source_evidence],
    });
    let doc = json!({
        "$schema": "../../schema/seeds.schema.json",
        "sources": [source], "entities": entities, "events": events, "statements": statements,
        "quantities": quantities, "relations": relations,
    });
    (art.text, doc)
}
