//! The parts of the Cedar export that name a resource's grants and the
//! grants a custom role holds.

use core::fmt::{self, Write};

use crate::access::{Action, Scope};
use crate::environment::Mode;
use crate::organization::Organization;
use crate::permission::Permission;
use crate::role::{CustomRole, Held};

/// A kind of resource, as Cedar names its entity type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Organization,
    Cluster,
    Project,
    Environment,
}

impl Kind {
    pub(super) const ALL: [Kind; 4] = [
        Kind::Organization,
        Kind::Cluster,
        Kind::Project,
        Kind::Environment,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Organization => "Organization",
            Kind::Cluster => "Cluster",
            Kind::Project => "Project",
            Kind::Environment => "Environment",
        }
    }

    /// Whether `action` is asked of this kind of resource, as
    /// [`crate::Resource::answers`] says.
    pub(crate) fn answers(self, action: Action) -> bool {
        match (self, action.scope()) {
            (Kind::Cluster, _) => action == Action::ConnectToKubernetesCluster,
            (Kind::Organization, scope) => scope != Scope::Environment,
            (Kind::Project, scope) => scope == Scope::Project,
            (Kind::Environment, scope) => scope == Scope::Environment,
        }
    }

    /// The actions asked of this kind of resource, in the table's order.
    pub(crate) fn actions(self) -> impl Iterator<Item = Action> {
        Action::ALL.into_iter().filter(move |a| self.answers(*a))
    }
}

/// Escapes what is written through it as the inside of a JSON string (which
/// is also a YAML double-quoted scalar).
struct Escaping<'a, W: ?Sized>(&'a mut W);

impl<W: Write + ?Sized> Write for Escaping<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        // Plain ASCII (most ids) is written whole, at once.
        let special = |b: u8| b == b'"' || b == b'\\' || !(0x20..0x7f).contains(&b);
        if !text.bytes().any(special) {
            return self.0.write_str(text);
        }
        // Otherwise runs of plain characters are written whole.
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            if c != '"' && c != '\\' && !c.is_control() {
                continue;
            }
            self.0.write_str(text.get(plain..at).unwrap_or_default())?;
            match c {
                '"' => self.0.write_str("\\\"")?,
                '\\' => self.0.write_str("\\\\")?,
                c => write!(self.0, "\\u{:04x}", u32::from(c))?,
            }
            plain = at + c.len_utf8();
        }
        self.0.write_str(text.get(plain..).unwrap_or_default())
    }
}

/// A value displayed as a JSON string (and a YAML double-quoted scalar):
/// an id holding `"` or `\` stays that id.
pub(crate) struct Quoted<T>(pub(crate) T);

impl<T: fmt::Display> fmt::Display for Quoted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        write!(Escaping(&mut *f), "{}", self.0)?;
        f.write_char('"')
    }
}

/// Writes the concatenation of `parts` as one JSON string.
pub(crate) fn json_str(out: &mut dyn Write, parts: &[&str]) -> fmt::Result {
    out.write_char('"')?;
    for part in parts {
        Escaping(&mut *out).write_str(part)?;
    }
    out.write_char('"')
}

/// Writes an entity reference as Cedar's JSON writes it.
pub(super) fn uid(out: &mut dyn Write, kind: &str, id: &str, suffix: &str) -> fmt::Result {
    write!(out, "{{\"type\":\"{kind}\",\"id\":")?;
    json_str(out, &[id, suffix])?;
    out.write_char('}')
}

/// Whose grants a resource names: `KIND#ID#MODE`.
#[derive(Clone, Copy)]
pub(crate) struct Key<'a> {
    pub(crate) kind: &'static str,
    pub(crate) id: &'a str,
    pub(crate) mode: &'static str,
}

impl<'a> Key<'a> {
    /// The key of a resource with no mode.
    pub(super) fn of(kind: &'static str, id: &'a str) -> Self {
        Key {
            kind,
            id,
            mode: "-",
        }
    }

    /// The key of the environments of `project` in `mode`.
    pub(super) fn environments(project: &'a str, mode: Mode) -> Self {
        Key {
            kind: "project",
            id: project,
            mode: mode.into(),
        }
    }
}

/// Writes the reference to the grant of `action` under `key`.
fn grant(out: &mut dyn Write, key: Key<'_>, action: Action) -> fmt::Result {
    out.write_str("{\"type\":\"Grant\",\"id\":")?;
    let Key { kind, id, mode } = key;
    json_str(out, &[kind, "#", id, "#", mode, "#", action.as_str()])?;
    out.write_char('}')
}

/// Writes the `grants` attribute of a resource of `kind` under `key`.
pub(super) fn grants(out: &mut dyn Write, kind: Kind, key: Key<'_>) -> fmt::Result {
    out.write_str("\"grants\":{")?;
    for (i, action) in kind.actions().enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        write!(out, "\"{action}\":{{\"__entity\":")?;
        grant(out, key, action)?;
        out.write_char('}')?;
    }
    out.write_char('}')
}

/// Calls `f` with each grant a custom role holds: the actions asked of a
/// kind of resource whose rows the role holds there, where `check` finds
/// them (none where it answers as for a missing id). A resource's key is
/// `(kind, id, "-")`, the environments' of a project in a mode
/// `("project", project, mode)`.
pub(crate) fn each_grant(
    org: &Organization,
    role: &CustomRole,
    f: &mut dyn FnMut(Kind, Key<'_>, Action) -> fmt::Result,
) -> fmt::Result {
    let mut held = |kind: Kind, key: Key<'_>, rows: Permission, mode: Option<Mode>| {
        kind.actions()
            .filter(|action| rows.contains(action.permission(mode)))
            .try_for_each(|action| f(kind, key, action))
    };
    let custom = Held::Custom(role);
    let organization = Key::of("organization", org.id().as_str());
    held(
        Kind::Organization,
        organization,
        custom.rows_on_organization(),
        None,
    )?;
    for cluster in org.clusters() {
        let rows = custom.rows_on_cluster(&cluster.id);
        held(
            Kind::Cluster,
            Key::of("cluster", cluster.id.as_str()),
            rows,
            None,
        )?;
    }
    for project in org.projects() {
        let (id, access) = (project.id(), role.project(project.id()));
        if access.reads_project() {
            let rows = access.rows(Mode::Production);
            held(Kind::Project, Key::of("project", id.as_str()), rows, None)?;
        }
        for mode in Mode::ALL {
            let rows = role.rows(id, mode);
            if rows.contains(Permission::READ_ENVIRONMENT) {
                held(
                    Kind::Environment,
                    Key::environments(id.as_str(), mode),
                    rows,
                    Some(mode),
                )?;
            }
        }
    }
    Ok(())
}

/// Writes a custom role's entity: a member of the grants it holds.
pub(super) fn custom_role(
    org: &Organization,
    role: &CustomRole,
    out: &mut dyn Write,
) -> fmt::Result {
    out.write_str("\"attrs\":{},\"parents\":[")?;
    let mut first = true;
    each_grant(org, role, &mut |_, key, action| {
        if !first {
            out.write_char(',')?;
        }
        first = false;
        grant(out, key, action)
    })?;
    out.write_char(']')
}
