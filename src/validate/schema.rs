//! The schema check of the first pass: each seeds file against the JSON Schema, with format
//! checking on.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Report, Rule, short};
use crate::error::Error;
use crate::schema::enum_values;
use crate::seeds::SeedsText;

/// A compiled seeds schema.
pub(crate) struct SchemaChecker {
    schema: Value,
    validator: Validator,
}

impl SchemaChecker {
    /// Compiles `schema` (draft 2020-12, `format` asserted, no remote references).
    pub(crate) fn new(schema: Value) -> Result<Self, Error> {
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| Error::Schema(e.to_string()))?;
        Ok(SchemaChecker { schema, validator })
    }

    /// Checks one file, pushing a diagnostic per violation; returns whether the file is valid.
    pub(crate) fn check(&self, file: &SeedsText, report: &mut Report) -> bool {
        // Most files are valid: a yes-or-no pass that stops early costs far less than collecting
        // errors, which is done only for a file that fails.
        if self.validator.is_valid(&file.value) {
            return true;
        }
        let mut valid = true;
        for error in self.validator.iter_errors(&file.value) {
            valid = false;
            for error in expand(error.to_owned()) {
                report.push(self.diagnostic(file, &error));
            }
        }
        valid
    }

    fn diagnostic(&self, file: &SeedsText, error: &ValidationError<'_>) -> Diagnostic {
        let pointer = error.instance_path().as_str().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        let mut d = Diagnostic::new(Rule::Schema, &file.display, error.to_string())
            .at(&pointer)
            .record(record_id(&file.value, &pointer))
            .found(found(error))
            .expected(self.expected(error.kind(), &schema_path));
        d.schema_path = Some(schema_path);
        let name = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                unexpected.first().inspect(|name| {
                    d.found = Some(format!("unknown field `{name}`"));
                })
            }
            _ => None,
        };
        file.place(d, &pointer, name.map(String::as_str))
    }

    fn expected(&self, kind: &ValidationErrorKind, schema_path: &str) -> String {
        match kind {
            ValidationErrorKind::Type { kind } => match kind {
                TypeKind::Single(t) => format!("a value of type {t}"),
                TypeKind::Multiple(set) => {
                    let names: Vec<_> = set.iter().map(|t| t.to_string()).collect();
                    format!("a value of type {}", names.join(" or "))
                }
            },
            ValidationErrorKind::Required { property } => format!("the required field {property}"),
            ValidationErrorKind::AdditionalProperties { .. } => {
                let allowed = self
                    .schema_at(schema_path)
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().cloned().collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                format!("only the fields {allowed}")
            }
            ValidationErrorKind::Format { format } => format!("a valid `{format}` value"),
            ValidationErrorKind::Pattern { pattern } => format!("text matching {pattern}"),
            ValidationErrorKind::MinLength { limit } => format!("at least {limit} character(s)"),
            ValidationErrorKind::MinItems { limit } => format!("at least {limit} item(s)"),
            ValidationErrorKind::Minimum { limit } => format!("a number >= {limit}"),
            ValidationErrorKind::Maximum { limit } => format!("a number <= {limit}"),
            ValidationErrorKind::Enum { options } => format!("one of {options}"),
            ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. } => self
                .schema_at(schema_path)
                .and_then(|s| enum_values(&self.schema, s))
                .map_or_else(
                    || self.shapes(schema_path),
                    |values| {
                        let names: Vec<_> = values.into_iter().map(|v| v.value).collect();
                        format!("one of: {}", names.join(", "))
                    },
                ),
            _ => format!(
                "a value satisfying `{}`",
                schema_path.rsplit('/').next().unwrap_or_default()
            ),
        }
    }

    /// The branches of the `anyOf`/`oneOf` at `schema_path`, each named by what it asks for.
    fn shapes(&self, schema_path: &str) -> String {
        let keyword = schema_path.rsplit('/').next().unwrap_or_default();
        let branches = self
            .schema_at(schema_path)
            .and_then(|s| s.get(keyword))
            .and_then(Value::as_array);
        match branches {
            Some(branches) if !branches.is_empty() => format!(
                "a value of one of these shapes: {}",
                branches
                    .iter()
                    .map(|b| shape(&self.schema, b))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            _ => "a value matching one of the allowed shapes".to_owned(),
        }
    }

    /// The schema object holding the keyword at `schema_path`.
    fn schema_at(&self, schema_path: &str) -> Option<&Value> {
        let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        self.schema.pointer(parent)
    }
}

/// What the schema `branch` asks for, in a few words: an object by its required fields (and the
/// constant values they must hold), or else its `type`, `const` or the schema itself.
fn shape(root: &Value, branch: &Value) -> String {
    let node = crate::schema::resolve(root, branch);
    if let Some(value) = node.get("const") {
        return format!("the value {}", short(value));
    }
    if let Some(required) = node.get("required").and_then(Value::as_array) {
        let fields: Vec<String> = required
            .iter()
            .filter_map(Value::as_str)
            .map(|name| {
                match node
                    .pointer(&format!(
                        "/properties/{}",
                        crate::strict_json::escape_pointer(name)
                    ))
                    .and_then(|p| p.get("const"))
                {
                    Some(value) => format!("{name} = {value}"),
                    None => name.to_owned(),
                }
            })
            .collect();
        return format!("an object with {}", fields.join(", "));
    }
    match node.get("type") {
        Some(Value::String(t)) => format!("a value of type {t}"),
        _ => short(node),
    }
}

/// Replaces an `anyOf`/`oneOf` failure by the errors of the one branch that fits the value's
/// type, so that a bad date inside a nullable field is reported as a bad date, not as "not valid
/// under any of the schemas". Enumerations (all branches `const`) stay one error.
fn expand(error: ValidationError<'static>) -> Vec<ValidationError<'static>> {
    let chosen = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let path = error.instance_path().as_str();
            let fitting: Vec<usize> = context
                .iter()
                .enumerate()
                .filter(|(_, branch)| {
                    !branch.iter().all(|e| {
                        e.instance_path().as_str() == path
                            && matches!(
                                e.kind(),
                                ValidationErrorKind::Type { .. }
                                    | ValidationErrorKind::Constant { .. }
                            )
                    })
                })
                .map(|(i, _)| i)
                .collect();
            match fitting.as_slice() {
                [i] if !context[*i].is_empty() => Some(*i),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(i) = chosen else { return vec![error] };
    match error.into_parts().kind {
        ValidationErrorKind::AnyOf { mut context }
        | ValidationErrorKind::OneOfNotValid { mut context } => context
            .swap_remove(i)
            .into_iter()
            .flat_map(expand)
            .collect(),
        _ => Vec::new(),
    }
}

/// The `id` of the record that `pointer` lies in (`/events/3/...` → `events[3].id`).
#[must_use]
pub(crate) fn record_id(value: &Value, pointer: &str) -> Option<String> {
    let mut parts = pointer.split('/').skip(1);
    let (list, index) = (parts.next()?, parts.next()?);
    value
        .get(list)?
        .get(index.parse::<usize>().ok()?)?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

fn found(error: &ValidationError<'_>) -> String {
    match error.kind() {
        ValidationErrorKind::Required { property } => format!("an object without {property}"),
        _ => short(error.instance()),
    }
}
