//! What a registry has published: cargo's index cache on disk, the sparse index over HTTP, and
//! the lookup that asks the first and falls back to the second.

pub mod index_cache;
pub mod published;
pub mod sparse_index;
