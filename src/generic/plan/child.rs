//! The child tables of a plan: one per array of objects (or map) under a table, at any depth,
//! each carrying its parent's key (the parent's own identity column renamed after it) and its own
//! position (`_index`) or entry key (`key`).

use serde_json::Value;

use super::{
    INDEX, MAP_KEY, MAP_VALUE, MAX_NESTING, PlannedTable, TablePlan, description, extra, generated,
    resource_name,
};
use crate::columns::{Column, ColumnType, Nested, Within, column_type, columns_and_nested};
use crate::error::Error;

impl TablePlan {
    /// Adds the child table of every array of `nested` under table `parent`, and theirs.
    pub(super) fn add_children(
        &mut self,
        root: &Value,
        parent: usize,
        nested: Vec<Nested>,
        depth: usize,
    ) -> Result<(), Error> {
        for n in nested {
            if depth > MAX_NESTING {
                return Err(Error::Schema(format!(
                    "arrays of objects nest more than {MAX_NESTING} levels deep at schema path `{}`: a `$ref` that refers back to a schema containing it cannot become tables",
                    n.schema_path
                )));
            }
            let (table, grandchildren) = self.child(root, parent, &n)?;
            let index = self.tables.len();
            self.tables.push(table);
            self.children.push(Vec::new());
            self.children[parent].push(index);
            self.add_children(root, index, grandchildren, depth + 1)?;
        }
        Ok(())
    }

    /// The child table of the array (or map) `n` of table `parent`, and the arrays of its items.
    fn child(
        &self,
        root: &Value,
        parent: usize,
        n: &Nested,
    ) -> Result<(PlannedTable, Vec<Nested>), Error> {
        let up = &self.tables[parent];
        let name = format!("{}__{}", up.name, n.name);
        if !n
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(Error::Schema(format!(
                "the array `{}` (schema path `{}`) would name a child table `{name}`, whose files a file system may not hold: a property holding an array of objects may have letters, digits, `_`, `-` and `.` in its name; rename it, or export with `--nested list`",
                n.name, n.schema_path
            )));
        }
        let mut columns = self.inherited_columns(parent);
        let inherited = columns.len();
        let (own, nested, scalar) = item_columns(root, n, self.lists)?;
        columns.push(if n.map {
            generated(MAP_KEY, ColumnType::String, "The entry's key in its map.")
        } else {
            generated(
                INDEX,
                ColumnType::Integer,
                "The item's 0-based position in its array.",
            )
        });
        columns.extend(own);
        let open = !scalar && extra::open(root, &n.item, 0);
        if open {
            columns.push(extra::column());
        }
        let what = if n.description.is_empty() {
            format!("`{}` of `{}`", n.name, up.name)
        } else {
            n.description.clone()
        };
        let description = if n.map {
            format!("One entry of a map: {what}")
        } else {
            format!("One item of an array: {what}")
        };
        Ok((
            PlannedTable {
                resource: resource_name(&name),
                name,
                description,
                schema: n.item.clone(),
                primary_key: (0..=inherited).collect(),
                columns,
                inherited,
                own: inherited + 1,
                parent: Some(parent),
                field: n.name.clone(),
                scalar,
                extra: open,
            },
            nested,
        ))
    }

    /// The columns a child of table `parent` copies from it: its primary key, the parent's own
    /// identity column (`_index`, `key`) named after the parent (`lines_index`, `attrs_key`).
    fn inherited_columns(&self, parent: usize) -> Vec<Column> {
        let up = &self.tables[parent];
        let prefix = up
            .name
            .strip_prefix(&format!("{}__", self.tables[0].name))
            .unwrap_or(&up.name);
        up.primary_key
            .iter()
            .map(|&i| {
                let mut column = up.columns[i].clone();
                if up.parent.is_some() && i >= up.inherited {
                    let own = column.name.trim_start_matches('_');
                    column.name = format!("{}_{own}", prefix.replace('.', "_"));
                    column.description = format!(
                        "The parent row's `{}` in `{}`.",
                        up.columns[i].name, up.name
                    );
                }
                column.nullable = false;
                column
            })
            .collect()
    }
}

/// The own columns of a child table from its items (an array's items or a map's values): an
/// object's columns and the arrays nested in it, or one `value` column for any other shape.
fn item_columns(
    root: &Value,
    n: &Nested,
    lists: bool,
) -> Result<(Vec<Column>, Vec<Nested>, bool), Error> {
    if crate::columns::is_object(&n.item) {
        let (own, nested) = columns_and_nested(
            root,
            &n.item,
            &n.schema_path,
            Within {
                nullable: n.nullable,
                lists,
            },
        )?;
        return Ok((own, nested, false));
    }
    let ty = column_type(root, &n.item, 0).ok_or_else(|| {
        Error::Schema(format!(
            "the values of map `{}` (schema path `{}`) have a type no table column can hold: {}; give `additionalProperties` one `type` (string, integer, number or boolean), an `enum`, or an object with `properties`",
            n.name,
            n.schema_path,
            crate::schema::echo(&n.item)
        ))
    })?;
    let column = Column {
        name: MAP_VALUE.to_owned(),
        ty,
        nullable: n.nullable,
        description: description(&n.item),
    };
    Ok((vec![column], Vec::new(), true))
}
