//! dateline: a terminal reader for collections of news articles.
//!
//! The domain — [`corpus`] (reading files), [`store`] (the articles in
//! memory), [`entities`] (who and where), [`search`] (the full-text index),
//! [`analysis`] (running both in the background), [`watch`] (folders that
//! grow), [`textview`] (text to display lines) and [`facts`] (what the app
//! and the headless commands both show) — knows nothing of the terminal. [`app`] holds the
//! interactive state and its update function, [`ui`] draws it, [`tui`] runs
//! it in a terminal and [`cli`] holds the headless commands.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod corpus;
pub mod dates;
pub mod entities;
pub mod facts;
pub mod pictures;
pub mod reading;
pub mod search;
pub mod store;
pub mod textview;
pub mod tui;
pub mod ui;
pub mod watch;
pub mod workspace;
