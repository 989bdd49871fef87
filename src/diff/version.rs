//! The version bump a diff calls for, by semantic versioning: major when anything was removed or
//! changed (rows, cells, columns, types, keys, tables), minor when records or columns were only
//! added, patch when only other files (the metadata) differ, none when nothing does. Under a major
//! version 0, as Cargo reads it, the minor number is the one that breaks: a major change bumps it
//! and a minor one the patch number.

use super::{ChangeKind, Diff};

/// How much a version must rise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing differs.
    None,
    /// Only metadata differs.
    Patch,
    /// Records or columns were only added.
    Minor,
    /// Something was removed or changed.
    Major,
}

impl Bump {
    /// Its name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// Why, in words.
    #[must_use]
    pub fn reason(self) -> &'static str {
        match self {
            Bump::None => "nothing differs",
            Bump::Patch => "only metadata differs",
            Bump::Minor => "records or columns were only added",
            Bump::Major => "records, cells, columns or tables were removed or changed",
        }
    }
}

/// The bump the differences of `diff` call for.
pub(super) fn bump(diff: &Diff) -> Bump {
    let mut bump = if diff.files_differ {
        Bump::Patch
    } else {
        Bump::None
    };
    for table in &diff.tables {
        if table.removed + table.changed > 0
            || table
                .schema_changes
                .iter()
                .any(|c| c.kind == ChangeKind::Breaking)
        {
            return Bump::Major;
        }
        if table.added > 0 || !table.schema_changes.is_empty() {
            bump = Bump::Minor;
        }
    }
    bump
}

/// The version after `version` (`MAJOR.MINOR.PATCH`) once bumped by `bump`; `None` when it is
/// not such a version.
#[must_use]
pub fn next(version: &str, bump: Bump) -> Option<String> {
    let mut parts = version.split('.').map(str::parse::<u64>);
    let (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_rise_by_semantic_versioning_with_cargo_s_reading_of_0_x() {
        assert_eq!(next("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(next("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
        assert_eq!(next("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
        assert_eq!(next("0.1.0", Bump::Minor).as_deref(), Some("0.1.1"));
        assert_eq!(next("0.1.0", Bump::None).as_deref(), Some("0.1.0"));
        assert_eq!(next("v1", Bump::Major), None);
    }
}
