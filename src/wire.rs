//! The serde wire format shared by the domain types: the platform's REST API
//! spelling (`SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names).

use core::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::permission::Permission;

/// Implements `Deserialize` for a single-word strum enum through its
/// case-insensitive `FromStr`, so `"OWNER"`, `"owner"` and `"Owner"` all read;
/// serialization stays derived and canonical.
macro_rules! deserialize_case_insensitive {
    ($ty:ty, $expecting:literal, $variants:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$ty, E> {
                        value
                            .parse()
                            .map_err(|_| E::unknown_variant(value, $variants))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

/// Permission sets travel as lists of action names, never as bits, so stored
/// data survives the table gaining an action.
impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for (name, _) in self.iter_names() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = Permission;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of action names such as \"READ_PROJECT\"")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Permission, A::Error> {
                let mut set = Permission::empty();
                while let Some(name) = seq.next_element::<&str>()? {
                    let action = Permission::from_name(name).ok_or_else(|| {
                        de::Error::custom(format_args!("unknown action `{name}`"))
                    })?;
                    set |= action;
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Names)
    }
}

deserialize_case_insensitive!(
    crate::permission::Role,
    "a role: OWNER, ADMIN, DEVELOPER or VIEWER",
    &["OWNER", "ADMIN", "DEVELOPER", "VIEWER"]
);
deserialize_case_insensitive!(
    crate::environment::Mode,
    "a mode: PRODUCTION, STAGING, DEVELOPMENT or PREVIEW",
    &["PRODUCTION", "STAGING", "DEVELOPMENT", "PREVIEW"]
);
deserialize_case_insensitive!(
    crate::organization::Plan,
    "a plan: FREE, PROFESSIONAL, BUSINESS, ENTERPRISE or COMMUNITY",
    &[
        "FREE",
        "PROFESSIONAL",
        "BUSINESS",
        "ENTERPRISE",
        "COMMUNITY"
    ]
);

/// Reads `null` as the type's default (the API writes `null` for "unset").
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A cluster as the API writes it: its state is the optional `status`.
#[derive(Serialize, Deserialize)]
pub(crate) struct ClusterWire {
    id: crate::id::ClusterId,
    name: crate::text::Name,
    cloud_provider: crate::cluster::CloudProvider,
    region: alloc::boxed::Box<str>,
    #[serde(default)]
    status: Option<crate::cluster::ClusterStatus>,
}

impl From<ClusterWire> for crate::cluster::Cluster {
    fn from(wire: ClusterWire) -> Self {
        crate::cluster::Cluster {
            id: wire.id,
            name: wire.name,
            cloud_provider: wire.cloud_provider,
            region: wire.region,
            state: wire
                .status
                .map(crate::cluster::ClusterStatus::state)
                .unwrap_or_default(),
        }
    }
}

impl From<crate::cluster::Cluster> for ClusterWire {
    fn from(cluster: crate::cluster::Cluster) -> Self {
        use crate::cluster::{ClusterState, ClusterStatus};
        ClusterWire {
            id: cluster.id,
            name: cluster.name,
            cloud_provider: cluster.cloud_provider,
            region: cluster.region,
            status: Some(match cluster.state {
                ClusterState::Running => ClusterStatus::Deployed,
                ClusterState::Stopped => ClusterStatus::Stopped,
            }),
        }
    }
}
