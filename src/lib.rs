//! dateline: a terminal reader for collections of news articles.
//!
//! The domain — [`corpus`] (reading files), [`store`] (the articles in
//! memory) — knows nothing of the terminal. [`app`] holds the interactive
//! state and its update function, [`ui`] draws it, and [`cli`] holds the
//! headless commands.

pub mod app;
pub mod cli;
pub mod corpus;
pub mod store;
pub mod textview;
pub mod tui;
pub mod ui;
