//! Which platform a figure is about. A platform describes itself once, in its own module
//! ([`PlatformInfo`]); every figure, row and chart carries a [`PlatformId`] pointing at it.

use serde::Serialize;

/// A platform's name and colour, as every output shows it.
#[derive(Debug)]
pub struct PlatformInfo {
    /// The public identifier (`--platform`, JSON `id`): never renamed.
    pub id: &'static str,
    pub title: &'static str,
    /// Its colour on every chart and card, as RGB.
    pub colour: [u8; 3],
}

/// A platform, by its static description; equal when the ids are equal.
#[derive(Clone, Copy)]
pub struct PlatformId(&'static PlatformInfo);

impl PlatformId {
    pub const fn new(info: &'static PlatformInfo) -> Self {
        Self(info)
    }

    pub fn id(self) -> &'static str {
        self.0.id
    }

    pub fn title(self) -> &'static str {
        self.0.title
    }

    pub fn colour(self) -> [u8; 3] {
        self.0.colour
    }
}

impl PartialEq for PlatformId {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for PlatformId {}

impl std::hash::Hash for PlatformId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

impl std::fmt::Debug for PlatformId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.id)
    }
}

impl Serialize for PlatformId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.id)
    }
}
