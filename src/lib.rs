//! dateline: a terminal reader for collections of news articles.
//!
//! The library holds the domain (corpus loading, the store, entity
//! extraction, search) and the terminal app built on it.

pub mod corpus;
pub mod search;
