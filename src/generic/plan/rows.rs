//! A record split into rows by the plan: its own table's row, then, depth first, a row per item
//! of each array of objects (or entry of each map), each carrying its parent's key and its own
//! position; every row's own cells are checked as they are made.

use serde_json::Value;

use super::{TablePlan, dotted_pointer, extra};
use crate::columns::Column;
use crate::strict_json::escape_pointer;
use crate::tables::Cells;

/// Checks one row's own cells as they are made: it may respell them, and gives whether they fit
/// their columns (the problems it reports itself). Its arguments are the columns, the cells and
/// the JSON pointer of the value in its record.
pub(crate) type Fit<'f> = dyn FnMut(&[Column], &mut [Value], &str) -> bool + 'f;

impl TablePlan {
    /// Splits one record (number `number`, at JSON pointer `pointer` in its file) into rows,
    /// appended to `out` table by table; every row's own cells go through `fit`. Gives whether
    /// every cell fits.
    pub(crate) fn rows(
        &self,
        record: Value,
        number: usize,
        pointer: &str,
        fit: &mut Fit<'_>,
        out: &mut [Vec<Cells>],
    ) -> bool {
        let identity = (self.tables[0].own == 1).then(|| Value::from(number));
        self.split(0, record, Vec::new(), identity, pointer, fit, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn split(
        &self,
        t: usize,
        mut value: Value,
        inherited: Cells,
        identity: Option<Value>,
        pointer: &str,
        fit: &mut Fit<'_>,
        out: &mut [Vec<Cells>],
    ) -> bool {
        let table = &self.tables[t];
        let nested: Vec<(usize, Value)> = self.children[t]
            .iter()
            .map(|&c| (c, extra::remove(&mut value, &self.tables[c].field)))
            .collect();
        let own_columns = &table.columns[table.own..];
        let mut own = if table.scalar {
            vec![value]
        } else {
            let taken: Vec<&str> = self.children[t]
                .iter()
                .map(|&c| self.tables[c].field.as_str())
                .collect();
            extra::cells(value, own_columns, table.extra, &taken)
        };
        let mut fits = fit(own_columns, &mut own, pointer);
        let mut row = inherited;
        row.extend(identity);
        row.extend(own);
        let key: Cells = table.primary_key.iter().map(|&i| row[i].clone()).collect();
        out[t].push(row);
        for (c, value) in nested {
            let base = format!("{pointer}{}", dotted_pointer(&self.tables[c].field));
            let items: Vec<(Value, String, Value)> = match value {
                Value::Array(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Value::from(i), format!("{base}/{i}"), v))
                    .collect(),
                Value::Object(map) => {
                    let mut entries: Vec<_> = map.into_iter().collect();
                    entries.sort_by(|a, b| a.0.cmp(&b.0));
                    entries
                        .into_iter()
                        .map(|(k, v)| {
                            (
                                Value::from(k.as_str()),
                                format!("{base}/{}", escape_pointer(&k)),
                                v,
                            )
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            for (id, at, item) in items {
                fits &= self.split(c, item, key.clone(), Some(id), &at, fit, out);
            }
        }
        fits
    }
}
