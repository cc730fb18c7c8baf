use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of actor an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state and its government (ISO 3166-1 alpha-3 id, or ISO 3166-3 for former states).
    Country,
    /// A person (`per/…`).
    Person,
    /// An organisation: a government body, party, international organisation, company… (`org/…`).
    Organisation,
    /// Non-state geography: regions, seas, islands, cities that are not capitals (`loc/…`).
    Place,
    /// A people or group that is not one state or one organisation (`grp/…`).
    Group,
}

impl ActorKind {
    /// The kind an id's form gives: three capital letters are a country,
    /// `per/`, `org/`, `loc/`, `grp/` the other kinds; anything else none.
    ///
    /// ```
    /// use stancetag_core::ActorKind;
    /// assert_eq!(ActorKind::of_id("PRK"), Some(ActorKind::Country));
    /// assert_eq!(ActorKind::of_id("per/lee-myung-bak"), Some(ActorKind::Person));
    /// assert_eq!(ActorKind::of_id("Japan"), None);
    /// ```
    pub fn of_id(id: &str) -> Option<ActorKind> {
        if id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(ActorKind::Country);
        }
        let (prefix, rest) = id.split_once('/')?;
        if rest.is_empty() {
            return None;
        }
        Some(match prefix {
            "per" => ActorKind::Person,
            "org" => ActorKind::Organisation,
            "loc" => ActorKind::Place,
            "grp" => ActorKind::Group,
            _ => return None,
        })
    }

    /// The id prefix of a kind (`per`, `org`, `loc`, `grp`; none for countries).
    pub fn prefix(self) -> Option<&'static str> {
        match self {
            ActorKind::Country => None,
            ActorKind::Person => Some("per"),
            ActorKind::Organisation => Some("org"),
            ActorKind::Place => Some("loc"),
            ActorKind::Group => Some("grp"),
        }
    }

    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::Place => "place",
            ActorKind::Group => "group",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ActorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "country" | "state" | "government" => ActorKind::Country,
            "person" | "per" => ActorKind::Person,
            "organisation" | "organization" | "org" => ActorKind::Organisation,
            "place" | "loc" | "location" => ActorKind::Place,
            "group" | "grp" | "nationality" => ActorKind::Group,
            other => {
                return Err(format!(
                    "unknown actor kind {other:?} (expected country, person, organisation, place or group)"
                ))
            }
        })
    }
}

/// How a mention names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorRole {
    /// The actor's name or one of its variants, short forms or acronyms.
    #[default]
    Name,
    /// A capital city, for its country's government or as the place
    /// ("Seoul protested", "met in Seoul").
    Capital,
    /// A nationality adjective or demonym ("Japanese", "South Korean").
    Demonym,
}

impl ActorRole {
    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorRole::Name => "name",
            ActorRole::Capital => "capital",
            ActorRole::Demonym => "demonym",
        }
    }

    fn is_name(&self) -> bool {
        *self == ActorRole::Name
    }
}

/// The actor a mention names: `"actor": {"id", "name", "kind", "role"}` on
/// the wire (`role` left out for a plain name). A reader needs only `id`:
/// the kind follows from its form and the name may be empty (gold files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorLink {
    /// Stable id: ISO 3166-1 alpha-3 for countries, `per/`, `org/`, `loc/`,
    /// `grp/` + a slug for the others.
    pub id: String,
    /// Canonical name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Kind of actor.
    pub kind: ActorKind,
    /// How the mention names it.
    #[serde(default, skip_serializing_if = "ActorRole::is_name")]
    pub role: ActorRole,
}

/// An actor as read: `kind` optional (taken from the id).
#[derive(Debug, Clone, Deserialize)]
pub struct OwnedActorLink {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Option<ActorKind>,
    #[serde(default)]
    role: ActorRole,
}

impl OwnedActorLink {
    /// The actor, its kind taken from the id when not given.
    pub fn into_link(self) -> Result<ActorLink, String> {
        let kind = match self.kind.or_else(|| ActorKind::of_id(&self.id)) {
            Some(k) => k,
            None => {
                return Err(format!(
                    "actor id {:?} has no kind: give \"kind\" or an id of the form \
                     ABC, per/…, org/…, loc/… or grp/…",
                    self.id
                ))
            }
        };
        Ok(ActorLink {
            id: self.id,
            name: self.name,
            kind,
            role: self.role,
        })
    }
}
