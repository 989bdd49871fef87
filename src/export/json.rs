//! JSON: each table as a pretty-printed array of row objects, every column present in every row.

use super::TableFormat;
use crate::error::Error;
use crate::tables::Table;

/// The JSON encoder.
pub struct Json;

impl TableFormat for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn encode(&self, table: &Table) -> Result<Vec<u8>, Error> {
        let mut bytes = serde_json::to_vec_pretty(&table.rows).map_err(|e| Error::Encode {
            table: table.name.clone(),
            format: "json",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
