//! The spreadsheet rule over a seeds file: no text a spreadsheet would run as a formula
//! (see [`crate::spreadsheet`]).

use crate::diagnostic::Report;
use crate::seeds::SeedsText;
use crate::spreadsheet::{diagnostic, formulas};
use crate::validate::schema::record_id;

/// Reports every string value of `file` that a spreadsheet would treat as a formula.
pub(crate) fn check(file: &SeedsText, report: &mut Report) {
    for (pointer, text) in formulas(&file.value) {
        let d = diagnostic(&file.display, &pointer, &text).record(record_id(&file.value, &pointer));
        report.push(file.place(d, &pointer, None));
    }
}
