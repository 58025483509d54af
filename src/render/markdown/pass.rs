//! One pass over the events of a text: what is being collected (a
//! heading, a footnote, a chart block, an HTML block, a run of text) and
//! the events that make the HTML.

use super::callouts::{callout_close, Callout};
use super::footnotes::loose_footnote_refs;
use super::lint::{observe, Watched};
use super::state::State;
use crate::error::{Diagnostics, Position};
use crate::model::Markdown;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;

/// Where an event stands: its 0-based line in the text and its position
/// in the file.
pub(super) struct Here {
    pub(super) line0: usize,
    pub(super) pos: Position,
}

/// A heading being read: its level, its own id and its inner events.
type OpenHeading<'t> = (HeadingLevel, Option<String>, Vec<Event<'t>>);

/// The state of one pass over the events of a text.
pub(super) struct Pass<'t> {
    /// The text being read, and its callout marker lines.
    md: &'t Markdown,
    callouts: &'t HashMap<usize, Callout>,
    pub(super) events: Vec<Event<'t>>,
    heading: Option<OpenHeading<'t>>,
    heading_pos: Position,
    footnote: Option<(String, Vec<Event<'t>>)>,
    quote_stack: Vec<Option<&'static str>>,
    /// A chart block's spec and the file line of its first line.
    chart_block: Option<(String, usize)>,
    /// Text of the link, image or table head being read, for the lint.
    watched: Watched,
    /// Consecutive lines of an HTML block, checked as one piece.
    html_block: Option<(String, Position)>,
    pub(super) plain: String,
    /// Consecutive text outside code blocks, searched for `[^label]` and
    /// amounts, and where it starts (none between runs). One buffer for
    /// every run of the text.
    text_run: String,
    run_at: Option<Position>,
    in_code: usize,
}

impl<'t> Pass<'t> {
    /// An empty pass over `md`, its buffers sized for a text `len` bytes
    /// long.
    pub(super) fn new(md: &'t Markdown, callouts: &'t HashMap<usize, Callout>, len: usize) -> Self {
        Pass {
            md,
            callouts,
            // Sized for a typical text (about one event per 12 bytes), so
            // they do not grow a dozen times.
            events: Vec::with_capacity(len / 12),
            heading: None,
            heading_pos: Position::default(),
            footnote: None,
            quote_stack: Vec::new(),
            chart_block: None,
            watched: Watched::default(),
            html_block: None,
            plain: String::with_capacity(len),
            text_run: String::new(),
            run_at: None,
            in_code: 0,
        }
    }

    /// Takes one event of the text.
    pub(super) fn step(
        &mut self,
        state: &mut State<'_, 't>,
        event: Event<'t>,
        here: Here,
        diags: &mut Diagnostics,
    ) {
        let md = self.md;
        if self.chart_block.is_some() {
            return self.chart_event(state, event, md, diags);
        }
        if let Event::Html(raw) = &event {
            self.html_block
                .get_or_insert_with(|| (String::new(), here.pos.clone()))
                .0
                .push_str(raw);
            return;
        }
        if let Some((raw, at)) = self.html_block.take() {
            let safe = state.raw_html(&raw, md, at, diags);
            self.push(Event::Html(safe.into()));
        }
        self.read_text(state, &event, &here.pos);
        let event = match event {
            Event::InlineHtml(raw) => {
                Event::InlineHtml(state.raw_html(&raw, md, here.pos.clone(), diags).into())
            }
            other => other,
        };
        observe(
            &event,
            &here.pos,
            &mut self.watched,
            |rule, at, msg, help| state.lint(rule, md, at, msg, help, diags),
        );
        if let Some(event) = self.transform(state, event, here, diags) {
            match self.heading.as_mut() {
                Some((_, _, inner)) => inner.push(event),
                None => self.push(event),
            }
        }
    }

    /// An event inside a chart block: its spec's text, or its end, where
    /// the chart is drawn.
    fn chart_event(
        &mut self,
        state: &mut State<'_, 't>,
        event: Event<'t>,
        md: &Markdown,
        diags: &mut Diagnostics,
    ) {
        match event {
            Event::Text(t) => {
                if let Some((spec, _)) = self.chart_block.as_mut() {
                    spec.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((spec, line)) = self.chart_block.take() {
                    let html = state.chart(&spec, md, line, diags);
                    self.push(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// Keeps the plain text for search, and the runs of text outside code
    /// blocks to find loose footnote references in.
    fn read_text(&mut self, state: &mut State<'_, 't>, event: &Event<'t>, pos: &Position) {
        // Text as written: runs of text follow each other as in the source
        // (`**e**-facturen` is one word); a line break, a table cell or
        // inline HTML stands for a space, and a block ends a line, so that
        // search can tell sentences apart.
        let ends_space = |s: &str| s.is_empty() || s.ends_with([' ', '\n']);
        match event {
            Event::Text(t) | Event::Code(t) => self.plain.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::End(TagEnd::TableCell)
                if !ends_space(&self.plain) =>
            {
                self.plain.push(' ');
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !self.plain.is_empty() => {
                if self.plain.ends_with(' ') {
                    self.plain.pop();
                }
                if !self.plain.ends_with('\n') {
                    self.plain.push('\n');
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Text(t) if self.in_code == 0 => {
                self.run_at.get_or_insert_with(|| pos.clone());
                self.text_run.push_str(t);
            }
            _ => {}
        }
        if !matches!(event, Event::Text(_)) {
            self.end_text_run(state);
        }
    }

    /// Searches the run of text just ended for loose footnote references.
    fn end_text_run(&mut self, state: &mut State<'_, 't>) {
        if let Some(at) = self.run_at.take() {
            let run = &self.text_run;
            state.loose_refs.extend(loose_footnote_refs(run, &at));
            let notation = state.ctx.lint.money_notation;
            state
                .off_notation
                .extend(super::lint::amounts_off_notation(run, &at, notation));
            self.text_run.clear();
        }
    }

    /// koers' own meaning of an event: the event to pass on, or none when
    /// the event starts or ends something kept aside (a heading, a
    /// footnote, a chart block).
    fn transform(
        &mut self,
        state: &mut State<'_, 't>,
        event: Event<'t>,
        here: Here,
        diags: &mut Diagnostics,
    ) -> Option<Event<'t>> {
        let (md, callouts) = (self.md, self.callouts);
        let Here { line0, pos } = here;
        Some(match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.trim() == "chart" => {
                self.chart_block = Some((String::new(), md.line + line0 + 1));
                return None;
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                state.link_start(event, md, pos, diags)
            }
            Event::FootnoteReference(label) => Event::Html(state.footnote_ref(&label).into()),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                state.footnote_lines.insert(label.to_string(), pos);
                self.footnote = Some((label.to_string(), Vec::new()));
                return None;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, body)) = self.footnote.take() {
                    state.footnote_bodies.insert(label, body);
                }
                return None;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level, id.map(|i| i.to_string()), Vec::new()));
                self.heading_pos = pos;
                return None;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading(state, md, diags);
                return None;
            }
            Event::Start(Tag::BlockQuote(_)) => self.quote_start(state, callouts.get(&line0)),
            Event::End(TagEnd::BlockQuote(_)) => match self.quote_stack.pop().flatten() {
                Some(kind) => Event::Html(callout_close(kind, &mut state.quote_captions).into()),
                None => Event::End(TagEnd::BlockQuote(None)),
            },
            Event::End(TagEnd::Link) => state.link_end(),
            other => other,
        })
    }

    /// The end of a heading: linted, and written with its id.
    fn end_heading(&mut self, state: &mut State<'_, 't>, md: &Markdown, diags: &mut Diagnostics) {
        if let Some((level, id, inner)) = self.heading.take() {
            state.lint_heading(level, &inner, md, self.heading_pos.clone(), diags);
            let html = state.heading(level, id, inner);
            self.push(Event::Html(html.into()));
        }
    }

    /// The start of a blockquote: a callout when its first line marks one.
    fn quote_start(&mut self, state: &mut State<'_, 't>, callout: Option<&Callout>) -> Event<'t> {
        self.quote_stack.push(callout.map(|c| c.kind));
        match callout {
            Some(c) => Event::Html(state.callout_open(c).into()),
            None => Event::Start(Tag::BlockQuote(None)),
        }
    }

    /// Adds an event to the footnote being read, or else to the text.
    fn push(&mut self, e: Event<'t>) {
        match &mut self.footnote {
            Some((_, body)) => body.push(e),
            None => self.events.push(e),
        }
    }

    /// Ends the pass: the HTML block and the run of text still open.
    pub(super) fn finish(
        &mut self,
        state: &mut State<'_, 't>,
        md: &Markdown,
        diags: &mut Diagnostics,
    ) {
        if let Some((raw, at)) = self.html_block.take() {
            let safe = state.raw_html(&raw, md, at, diags);
            self.events.push(Event::Html(safe.into()));
        }
        self.end_text_run(state);
        for (amount, at) in std::mem::take(&mut state.off_notation) {
            let notation = state.ctx.lint.money_notation;
            let suggestion = crate::model::money::Money::parse(&amount, Default::default())
                .ok()
                .and_then(|m| m.cents())
                .map(|c| notation.write(c).replace('\u{a0}', " "));
            let site = format!(
                "this site writes amounts `{}` (`money_notation` in site.yaml)",
                notation.name()
            );
            let help = match suggestion {
                // "€ 1.028 mln" is a thousand and 28 million to koers (a
                // dot groups thousands), but often means 1,028 million.
                Some(_) if super::lint::ambiguous(&amount) => format!(
                    "a dot groups thousands, so this reads as a thousand times more than 1,028 mln would; write the amount in full (€ 1.028.000 for 1,028 million); {site}"
                ),
                Some(s) => format!("write {s}: {site}"),
                None => site,
            };
            state.lint(
                "money-notation",
                md,
                at,
                format!("`{amount}` is written in another notation than the site's"),
                &help,
                diags,
            );
        }
    }
}
