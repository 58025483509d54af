//! Markdown to HTML with pulldown-cmark, plus koers' additions: heading
//! ids and a table of contents, numbered footnotes with back-links,
//! callouts as semantic HTML, and links between content files resolved to
//! URLs and checked.

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::escape::escape;
use crate::model::Markdown;
use pulldown_cmark::{html, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use super::i18n::Strings;

/// What the renderer needs to know about the rest of the site.
pub struct LinkContext<'a> {
    /// Content-relative source path -> URL path.
    pub urls: &'a BTreeMap<String, String>,
    /// Content-relative paths of non-content files.
    pub assets: &'a [String],
    /// Prefix for page URLs ("/", "/en/").
    pub base_path: &'a str,
    /// Prefix for files in the content folder (the default language's).
    pub asset_path: &'a str,
    pub strings: &'a Strings,
    /// The content folder, to read chart data files from.
    pub content_root: &'a std::path::Path,
    /// How lint findings are reported.
    pub lint: &'a crate::model::lint::LintConfig,
    /// What raw HTML may contain.
    pub html: &'a crate::model::lint::HtmlPolicy,
    /// The most data points one chart may draw.
    pub chart_points: usize,
}

/// Where a Markdown text stands on its page: ids get a prefix so several
/// texts can share a page, and headings shift down under a page's own.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Prefix for heading and footnote ids ("" for a page's main text).
    pub prefix: String,
    /// Levels to add to every heading (2 turns `##` into `<h4>`).
    pub heading_offset: u8,
}

/// A heading in a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    /// The language of the text when it stands in for a translation.
    pub lang: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Charts from ```chart blocks; their CSV files go beside the page.
    #[serde(skip)]
    pub charts: Vec<crate::chart::ChartView>,
    /// The plain text, words separated by spaces: what search indexes.
    #[serde(skip)]
    pub text: String,
}

/// The callout kinds and their canonical names.
fn callout_kind(marker: &str) -> Option<&'static str> {
    match marker.to_lowercase().as_str() {
        "definitie" | "definition" => Some("definitie"),
        "voorbeeld" | "example" => Some("voorbeeld"),
        "citaat" | "quote" => Some("citaat"),
        "note" | "noot" | "opmerking" => Some("noot"),
        "tip" => Some("tip"),
        "important" | "belangrijk" => Some("belangrijk"),
        "warning" | "waarschuwing" | "caution" | "let-op" => Some("waarschuwing"),
        _ => None,
    }
}

/// A callout marker line: `> [!kind] Title`.
struct Callout {
    kind: &'static str,
    title: String,
}

/// Finds callout marker lines, blanks them (keeping line numbers), and
/// returns them by 0-based line index.
fn extract_callouts<'t>(
    text: &'t str,
    md: &Markdown,
    diags: &mut Diagnostics,
) -> (std::borrow::Cow<'t, str>, HashMap<usize, Callout>) {
    let mut found = HashMap::new();
    if !text.contains("[!") {
        // No marker (most texts): no copy.
        return (text.into(), found);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker = trimmed
            .strip_prefix('>')
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix("[!"))
            .and_then(|rest| rest.split_once(']'));
        if let Some((name, title)) = marker {
            match callout_kind(name) {
                Some(kind) => {
                    found.insert(
                        i,
                        Callout {
                            kind,
                            title: title.trim().to_string(),
                        },
                    );
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(indent);
                    out.push_str(">\n");
                    continue;
                }
                None => diags.push(
                    Diagnostic::error(
                        &md.file,
                        Position::new(md.line + i, 1),
                        format!("unknown callout `[!{name}]`"),
                    )
                    .with_help("use definitie, voorbeeld, citaat, note, tip, important or warning"),
                ),
            }
        }
        out.push_str(line);
    }
    (out.into(), found)
}

/// Renders Markdown, resolving links; problems go to `diags`.
pub fn render(
    md: &Markdown,
    ctx: &LinkContext,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Rendered {
    let (text, callouts) = extract_callouts(&md.text, md, diags);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let line_of = |offset: usize| {
        line_starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    };

    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let parser = Parser::new_ext(&text, options).into_offset_iter();

    let mut state = State::new(ctx, scope);
    // Sized for a typical text (about one event per 12 bytes, HTML half
    // again as long as the Markdown), so they do not grow a dozen times.
    let mut events: Vec<Event> = Vec::with_capacity(text.len() / 12);
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut footnote: Option<(String, Vec<Event>)> = None;
    let mut quote_stack: Vec<Option<&'static str>> = Vec::new();
    let mut chart_block: Option<(String, usize)> = None;
    let mut heading_pos = Position::default();
    // Text of the link, image or table head being read, for the lint.
    let mut link_text: Option<(Position, String, bool)> = None;
    let mut image_alt: Option<(Position, String)> = None;
    let mut table_head: Option<(Position, String)> = None;
    // Consecutive lines of an HTML block, checked as one piece.
    let mut html_block: Option<(String, Position)> = None;

    let mut plain = String::with_capacity(text.len());
    // Consecutive text outside code blocks, searched for `[^label]`.
    let mut text_run: Option<(String, Position)> = None;
    let mut in_code = 0usize;
    for (event, range) in parser {
        let line0 = line_of(range.start);
        let pos = Position::new(md.line + line0, 1 + range.start - line_starts[line0]);
        if let Some((spec, _)) = chart_block.as_mut() {
            match event {
                Event::Text(t) => spec.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((spec, line)) = chart_block.take() {
                        let html = state.chart(&spec, md, line, diags);
                        push(&mut footnote, &mut events, Event::Html(html.into()));
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Event::Html(raw) = &event {
            html_block
                .get_or_insert_with(|| (String::new(), pos.clone()))
                .0
                .push_str(raw);
            continue;
        }
        if let Some((raw, at)) = html_block.take() {
            let safe = state.raw_html(&raw, md, at, diags);
            push(&mut footnote, &mut events, Event::Html(safe.into()));
        }
        if let Event::Text(t) | Event::Code(t) = &event {
            if !plain.is_empty() {
                plain.push(' ');
            }
            plain.push_str(t);
        }
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 => {
                text_run
                    .get_or_insert_with(|| (String::new(), pos.clone()))
                    .0
                    .push_str(t);
            }
            _ => {}
        }
        if !matches!(event, Event::Text(_)) {
            if let Some((run, at)) = text_run.take() {
                state.loose_refs.extend(loose_footnote_refs(&run, &at));
            }
        }
        let event = match event {
            Event::InlineHtml(raw) => {
                Event::InlineHtml(state.raw_html(&raw, md, pos.clone(), diags).into())
            }
            other => other,
        };
        observe(
            &event,
            &pos,
            &mut link_text,
            &mut image_alt,
            &mut table_head,
            |rule, at, msg, help| state.lint(rule, md, at, msg, help, diags),
        );
        let event = match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
                if lang.trim() == "chart" =>
            {
                chart_block = Some((String::new(), md.line + line0 + 1));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = state.resolve_link(&dest_url, md, pos, diags, link_type, false);
                state.link_file = state.last_asset.take().map(|rel| state.file_meta(&rel));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = state.resolve_link(&dest_url, md, pos, diags, link_type, true);
                state.last_asset = None;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            Event::FootnoteReference(label) => Event::Html(state.footnote_ref(&label).into()),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                state.footnote_lines.insert(label.to_string(), pos.clone());
                footnote = Some((label.to_string(), Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, body)) = footnote.take() {
                    state.footnote_bodies.insert(label, body);
                }
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|i| i.to_string()), Vec::new()));
                heading_pos = pos.clone();
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner)) = heading.take() {
                    state.lint_heading(level, &inner, md, heading_pos.clone(), diags);
                    let html = state.heading(level, id, inner);
                    push(&mut footnote, &mut events, Event::Html(html.into()));
                }
                continue;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                let callout = callouts.get(&line0);
                quote_stack.push(callout.map(|c| c.kind));
                match callout {
                    Some(c) => Event::Html(state.callout_open(c).into()),
                    None => Event::Start(Tag::BlockQuote(None)),
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match quote_stack.pop().flatten() {
                Some(kind) => Event::Html(callout_close(kind, &mut state.quote_captions).into()),
                None => Event::End(TagEnd::BlockQuote(None)),
            },
            Event::End(TagEnd::Link) => match state.link_file.take().filter(|m| !m.is_empty()) {
                Some(meta) => Event::Html(format!("{meta}</a>").into()),
                None => Event::End(TagEnd::Link),
            },
            Event::Start(Tag::Table(align)) => {
                push(
                    &mut footnote,
                    &mut events,
                    Event::Html("<div class=\"table-wrap\" tabindex=\"0\">".into()),
                );
                Event::Start(Tag::Table(align))
            }
            Event::End(TagEnd::Table) => {
                push(&mut footnote, &mut events, Event::End(TagEnd::Table));
                Event::Html("</div>".into())
            }
            other => other,
        };
        if let Some((_, _, inner)) = heading.as_mut() {
            inner.push(event);
        } else {
            push(&mut footnote, &mut events, event);
        }
    }

    if let Some((raw, at)) = html_block.take() {
        let safe = state.raw_html(&raw, md, at, diags);
        events.push(Event::Html(safe.into()));
    }
    if let Some((run, at)) = text_run.take() {
        state.loose_refs.extend(loose_footnote_refs(&run, &at));
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    html::push_html(&mut out, events.into_iter());
    out.push_str(&state.footnotes_html(md, diags));
    Rendered {
        html: out,
        lang: md.lang.clone(),
        toc: state.toc,
        charts: state.charts,
        text: plain,
    }
}

/// Watches links, images and table heads for the content lint.
fn observe(
    event: &Event,
    pos: &Position,
    link: &mut Option<(Position, String, bool)>,
    image: &mut Option<(Position, String)>,
    head: &mut Option<(Position, String)>,
    mut report: impl FnMut(&'static str, Position, String, &'static str),
) {
    match event {
        Event::Start(Tag::Link { .. }) => *link = Some((pos.clone(), String::new(), false)),
        Event::Start(Tag::Image { .. }) => {
            *image = Some((pos.clone(), String::new()));
            if let Some(l) = link.as_mut() {
                l.2 = true;
            }
        }
        Event::Start(Tag::TableHead) => *head = Some((pos.clone(), String::new())),
        Event::Text(t) | Event::Code(t) => {
            for slot in [
                link.as_mut().map(|l| &mut l.1),
                image.as_mut().map(|i| &mut i.1),
                head.as_mut().map(|h| &mut h.1),
            ]
            .into_iter()
            .flatten()
            {
                slot.push_str(t);
            }
        }
        Event::End(TagEnd::Image) => {
            if let Some((at, alt)) = image.take() {
                if alt.trim().is_empty() {
                    report("image-alt", at, "image without alt text".into(), "describe the image between the brackets: ![Grafiek van de kosten per jaar](kosten.png); a purely decorative image does not belong in the content");
                }
            }
        }
        Event::End(TagEnd::Link) => {
            if let Some((at, text, has_image)) = link.take() {
                let t = text
                    .trim()
                    .trim_end_matches(['.', ':', '!', '…'])
                    .trim()
                    .to_lowercase();
                if (t.is_empty() && !has_image)
                    || crate::model::lint::MEANINGLESS_LINK_TEXTS.contains(&t.as_str())
                {
                    report("link-text", at, format!("link text `{}` does not say where the link goes", text.trim()), "use words that make sense out of context, e.g. [de voortgangsrapportage plateau 3](...) instead of [klik hier](...)");
                }
            }
        }
        Event::End(TagEnd::TableHead) => {
            if let Some((at, text)) = head.take() {
                if text.trim().is_empty() {
                    report(
                        "table-header",
                        at,
                        "table without a header row: its first row is empty".into(),
                        "give every column a heading in the first row of the table",
                    );
                }
            }
        }
        _ => {}
    }
}

fn push<'a>(
    footnote: &mut Option<(String, Vec<Event<'a>>)>,
    events: &mut Vec<Event<'a>>,
    e: Event<'a>,
) {
    match footnote {
        Some((_, body)) => body.push(e),
        None => events.push(e),
    }
}

struct State<'c, 'e> {
    ctx: &'c LinkContext<'c>,
    scope: &'c Scope,
    used_ids: HashMap<String, usize>,
    toc: Vec<TocEntry>,
    /// Footnote labels in order of first reference.
    footnote_order: Vec<String>,
    footnote_refs: HashMap<String, usize>,
    footnote_bodies: HashMap<String, Vec<Event<'e>>>,
    quote_captions: Vec<String>,
    charts: Vec<crate::chart::ChartView>,
    last_heading: Option<u8>,
    /// The asset the last resolved link points to.
    last_asset: Option<String>,
    /// "(PDF, 1,2 MB)" for the file link being rendered.
    link_file: Option<String>,
    /// Where each footnote is defined, for the warning on an unused one.
    footnote_lines: HashMap<String, Position>,
    /// `[^label]` written in the text where no note of that label exists
    /// (the parser leaves those as text).
    loose_refs: Vec<(String, Position)>,
}

impl<'c, 'e> State<'c, 'e> {
    fn new(ctx: &'c LinkContext<'c>, scope: &'c Scope) -> Self {
        State {
            ctx,
            scope,
            used_ids: HashMap::new(),
            toc: Vec::new(),
            footnote_order: Vec::new(),
            footnote_refs: HashMap::new(),
            footnote_bodies: HashMap::new(),
            quote_captions: Vec::new(),
            charts: Vec::new(),
            last_heading: None,
            last_asset: None,
            link_file: None,
            footnote_lines: HashMap::new(),
            loose_refs: Vec::new(),
        }
    }

    fn unique_id(&mut self, base: &str) -> String {
        unique_id(base, &self.scope.prefix, &mut self.used_ids)
    }

    /// " (PDF, 1,2 MB)" for a link to a file in the content folder.
    fn file_meta(&self, rel: &str) -> String {
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e).to_uppercase();
        let size = std::fs::metadata(self.ctx.content_root.join(rel))
            .map(|m| m.len() as usize)
            .ok();
        let inner = match (ext.is_empty(), size) {
            (false, Some(n)) => format!("{ext}, {}", crate::chart::file_size(n)),
            (false, None) => ext,
            (true, Some(n)) => crate::chart::file_size(n),
            (true, None) => return String::new(),
        };
        format!(" <span class=\"file-meta\">({})</span>", escape(&inner))
    }

    /// Applies the site's raw-HTML policy, reporting what it forbids.
    fn raw_html(&self, raw: &str, md: &Markdown, at: Position, diags: &mut Diagnostics) -> String {
        let (out, findings) = super::sanitize::apply(self.ctx.html, raw);
        let strip = self.ctx.html.mode == crate::model::lint::HtmlMode::Strip;
        for f in findings {
            let help = "raw HTML may not run script or restyle the page; remove it, allow it with `html: {allow: [...]}` in site.yaml, or set `html: {policy: strip}` to remove such HTML with a warning";
            let d = if strip {
                Diagnostic::warning(&md.file, at.clone(), format!("removed {f} from raw HTML"))
            } else {
                Diagnostic::error(&md.file, at.clone(), format!("raw HTML contains {f}"))
            };
            diags.push(d.with_help(help));
        }
        out
    }

    /// Reports a lint finding at the rule's configured level.
    fn lint(
        &self,
        rule: &'static str,
        md: &Markdown,
        at: Position,
        message: String,
        help: &str,
        diags: &mut Diagnostics,
    ) {
        use crate::model::lint::LintLevel;
        let message = format!("{message} [{rule}]");
        let d = match self.ctx.lint.level(rule) {
            LintLevel::Off => return,
            LintLevel::Error => Diagnostic::error(&md.file, at, message),
            LintLevel::Warning => Diagnostic::warning(&md.file, at, message),
        };
        diags.push(d.with_help(format!(
            "{help} (to report this as a warning: `lint: {{{rule}: warning}}` in site.yaml)"
        )));
    }

    fn lint_heading(
        &mut self,
        level: HeadingLevel,
        inner: &[Event],
        md: &Markdown,
        at: Position,
        diags: &mut Diagnostics,
    ) {
        let n = level as u8;
        let text = plain_text(inner);
        if n == 1 {
            self.lint("heading-order", md, at.clone(), format!("level-1 heading `# {text}` in the text"), "the page title is the only level-1 heading; start sections with ## and go down one level at a time", diags);
        } else {
            let allowed = self.last_heading.map_or(2, |l| l + 1);
            if n > allowed {
                self.lint(
                    "heading-order",
                    md,
                    at.clone(),
                    format!("heading `{text}` skips from level {} to level {n}", allowed - 1),
                    "go down one heading level at a time (## then ###), so screen-reader users can follow the structure",
                    diags,
                );
            }
        }
        self.last_heading = Some(n.max(2));
        let styled_only = matches!(
            inner.first(),
            Some(Event::Start(Tag::Strong | Tag::Emphasis))
        ) && matches!(
            inner.last(),
            Some(Event::End(TagEnd::Strong | TagEnd::Emphasis))
        );
        if text.is_empty() || text.chars().count() > 120 || styled_only {
            let why = if text.is_empty() {
                "is empty"
            } else if styled_only {
                "is all bold or italic"
            } else {
                "is a whole paragraph"
            };
            self.lint("heading-style", md, at, format!("heading `{}` {why}: a heading used for styling", text.chars().take(40).collect::<String>()), "use a heading only to name a section, in a few plain words; use **bold** in a paragraph for emphasis", diags);
        }
    }

    fn heading(&mut self, level: HeadingLevel, id: Option<String>, inner: Vec<Event>) -> String {
        let text = plain_text(&inner);
        let id = heading_id(id, &text, &self.scope.prefix, &mut self.used_ids);
        let n = (level as u8 + self.scope.heading_offset).min(6);
        if n <= 3 {
            self.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                title: text,
            });
        }
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        format!("<h{n} id=\"{}\">{inner_html}</h{n}>\n", escape(&id))
    }

    /// Renders a ```chart block; `line` is the file line of its first spec line.
    fn chart(&mut self, spec: &str, md: &Markdown, line: usize, diags: &mut Diagnostics) -> String {
        let dir = md.rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let ctx = self.ctx;
        let read = |path: &str| -> Result<String, String> {
            let rel = normalise(&format!("{dir}/{path}"))
                .filter(|r| ctx.assets.contains(r))
                .or_else(|| normalise(path).filter(|r| ctx.assets.contains(r)))
                .ok_or_else(|| format!("data file `{path}` not found in the content folder"))?;
            std::fs::read_to_string(ctx.content_root.join(&rel))
                .map_err(|e| format!("cannot read `{path}`: {e}"))
        };
        let title_slug = spec
            .lines()
            .find_map(|l| l.trim().strip_prefix("title:"))
            .map(|t| slug::slugify(t.trim().trim_matches('"')))
            .unwrap_or_default();
        let id = self.unique_id(&title_slug);
        match crate::chart::spec::parse(spec, &id, &read, ctx.chart_points) {
            Ok(mut chart) => {
                if chart.title.trim().is_empty() {
                    self.lint(
                        "chart-title",
                        md,
                        Position::new(line, 1),
                        "chart without a title".into(),
                        "give the chart a `title:` that says what it shows",
                        diags,
                    );
                }
                let s = self.ctx.strings;
                chart.texts = super::charts::texts(s);
                let view = chart.view(&crate::chart::FigureText {
                    show_numbers: s.get("show_numbers"),
                    download: s.get("download_csv"),
                    pm_meaning: s.get("pm_meaning"),
                    numbers_in: None,
                    colours: s.chart_colours(),
                });
                let html = view.html.clone();
                self.charts.push(view);
                html
            }
            Err(e) => {
                let at = if e.line == 0 {
                    line.saturating_sub(1)
                } else {
                    line + e.line - 1
                };
                diags.push(
                    Diagnostic::error(&md.file, Position::new(at, 1), e.message).with_help(e.help),
                );
                String::new()
            }
        }
    }

    fn footnote_ref(&mut self, label: &str) -> String {
        if !self.footnote_order.iter().any(|l| l == label) {
            self.footnote_order.push(label.to_string());
        }
        let number = self
            .footnote_order
            .iter()
            .position(|l| l == label)
            .map_or(0, |i| i + 1);
        let count = self.footnote_refs.entry(label.to_string()).or_insert(0);
        *count += 1;
        let slug = format!("{}{}", self.scope.prefix, footnote_slug(label));
        let ref_id = if *count == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{count}")
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" aria-label=\"{} {number}\">{number}</a></sup>",
            escape(self.ctx.strings.get("footnote"))
        )
    }

    fn footnotes_html(&mut self, md: &Markdown, diags: &mut Diagnostics) -> String {
        for (label, at) in &self.loose_refs {
            if !self.footnote_bodies.contains_key(label) {
                diags.push(
                    Diagnostic::error(
                        &md.file,
                        at.clone(),
                        format!("footnote `[^{label}]` is used but never defined"),
                    )
                    .with_help(format!(
                        "add a line `[^{label}]: the note text` at the end of the text, or remove the reference"
                    )),
                );
            }
        }
        let mut unused: Vec<&String> = self
            .footnote_bodies
            .keys()
            .filter(|label| !self.footnote_order.contains(label))
            .collect();
        unused.sort();
        for label in unused {
            {
                let at = self
                    .footnote_lines
                    .get(label)
                    .cloned()
                    .unwrap_or(Position::new(md.line, 1));
                diags.push(
                    Diagnostic::warning(
                        &md.file,
                        at,
                        format!("footnote `[^{label}]` is never referred to"),
                    )
                    .with_help(format!(
                        "refer to it in the text with [^{label}], or remove it"
                    )),
                );
            }
        }
        if self.footnote_order.is_empty() {
            return String::new();
        }
        let s = self.ctx.strings;
        let level = 2 + self.scope.heading_offset.min(4);
        let id = format!("{}voetnoten", self.scope.prefix);
        let mut out = format!(
            "<section class=\"footnotes\" aria-labelledby=\"{id}\">\n<h{level} id=\"{id}\">{}</h{level}>\n<ol>\n",
            escape(s.get("footnotes"))
        );
        for (i, label) in self.footnote_order.clone().iter().enumerate() {
            let slug = format!("{}{}", self.scope.prefix, footnote_slug(label));
            let Some(body) = self.footnote_bodies.remove(label) else {
                diags.push(
                    Diagnostic::error(
                        &md.file,
                        Position::new(md.line, 1),
                        format!("footnote `[^{label}]` is used but never defined"),
                    )
                    .with_help(format!(
                        "add a line `[^{label}]: the note text` at the end of the file"
                    )),
                );
                continue;
            };
            let mut body_html = String::new();
            html::push_html(&mut body_html, body.into_iter());
            let refs = self.footnote_refs.get(label).copied().unwrap_or(1);
            let backlinks: Vec<String> = (1..=refs)
                .map(|n| {
                    let id = if n == 1 {
                        format!("fnref-{slug}")
                    } else {
                        format!("fnref-{slug}-{n}")
                    };
                    format!(
                        "<a href=\"#{id}\" class=\"footnote-back\" aria-label=\"{} {}\">↩</a>",
                        escape(s.get("footnote_back")),
                        i + 1
                    )
                })
                .collect();
            let body_html = body_html.trim_end();
            let joined = backlinks.join(" ");
            let item = match body_html.strip_suffix("</p>") {
                Some(inner) => format!("{inner} {joined}</p>"),
                None => format!("{body_html} {joined}"),
            };
            out.push_str(&format!("<li id=\"fn-{slug}\">{item}</li>\n"));
        }
        out.push_str("</ol>\n</section>\n");
        out
    }

    fn callout_open(&mut self, c: &Callout) -> String {
        let s = self.ctx.strings;
        let title = escape(&c.title);
        match c.kind {
            "citaat" => {
                self.quote_captions.push(c.title.clone());
                "<figure class=\"callout callout-citaat\">\n<blockquote>\n".to_string()
            }
            "definitie" => format!(
                "<div class=\"callout callout-definitie\" role=\"note\">\n<p class=\"callout-title\">{}: <dfn>{title}</dfn></p>\n",
                escape(s.get("callout_definitie"))
            ),
            kind => {
                let label = escape(s.get(&format!("callout_{kind}")));
                let heading = if title.is_empty() { label } else { format!("{label}: {title}") };
                format!("<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">{heading}</p>\n")
            }
        }
    }

    /// Resolves a link or image destination; reports broken ones.
    fn resolve_link(
        &mut self,
        dest: &str,
        md: &Markdown,
        pos: Position,
        diags: &mut Diagnostics,
        link_type: LinkType,
        is_image: bool,
    ) -> String {
        if let Some(scheme) = forbidden_scheme(dest, link_type, is_image) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    pos,
                    format!("the link `{dest}` uses the scheme `{scheme}:`, which koers does not allow"),
                )
                .with_help("link with https://, http://, mailto: or tel:, or to a file of the site by its path; images may be data:image/png, jpeg, gif or webp"),
            );
            return String::new();
        }
        if matches!(link_type, LinkType::Email)
            || is_external(dest)
            || dest.starts_with('#')
            || dest.is_empty()
        {
            return dest.to_string();
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        if path.starts_with('/') {
            return dest.to_string();
        }
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        let dir = md.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let candidates = [normalise(&format!("{dir}/{path}")), normalise(&path)];
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        for candidate in candidates.iter().flatten() {
            if let Some(url) = self.ctx.urls.get(candidate) {
                return format!("{}{frag}", self.href(url));
            }
            if self.ctx.assets.iter().any(|a| a == candidate) {
                self.last_asset.replace(candidate.clone());
                return format!("{}{candidate}{frag}", self.ctx.asset_path);
            }
        }
        let escapes = candidates.iter().all(Option::is_none);
        let known: Vec<String> = self
            .ctx
            .urls
            .keys()
            .chain(self.ctx.assets.iter())
            .cloned()
            .collect();
        let target = candidates
            .iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_else(|| path.clone());
        let help = if escapes {
            "a link may not point outside the content folder".to_string()
        } else if let Some(best) =
            crate::suggest::closest(&target, known.iter().map(String::as_str))
        {
            format!("did you mean `{best}`? Link to content files by their path, e.g. stories/e-facturen.md")
        } else {
            "link to content files by their path relative to this file or to the content folder, e.g. ../stories/e-facturen.md".to_string()
        };
        diags.push(
            Diagnostic::error(
                &md.file,
                pos,
                format!("broken link `{dest}`: no such file in the content folder"),
            )
            .with_help(help),
        );
        dest.to_string()
    }

    fn href(&self, url: &str) -> String {
        format!("{}{}", self.ctx.base_path, url.trim_start_matches('/'))
    }
}

fn callout_close(kind: &str, captions: &mut Vec<String>) -> String {
    if kind == "citaat" {
        let caption = captions.pop().unwrap_or_default();
        if caption.is_empty() {
            "</blockquote>\n</figure>\n".to_string()
        } else {
            format!(
                "</blockquote>\n<figcaption>{}</figcaption>\n</figure>\n",
                escape(&caption)
            )
        }
    } else {
        "</div>\n".to_string()
    }
}

/// The `[^label]` references in a run of text: notes the parser did not
/// recognise because no definition has their label.
fn loose_footnote_refs(run: &str, at: &Position) -> Vec<(String, Position)> {
    let mut out = Vec::new();
    let mut rest = run;
    let mut offset = 0;
    while let Some(i) = rest.find("[^") {
        let after = &rest[i + 2..];
        match after.find(']') {
            Some(end)
                if end > 0
                    && !after[..end].contains(char::is_whitespace)
                    && !after[end + 1..].starts_with(':') =>
            {
                let column = at.column + run[..offset + i].chars().count();
                out.push((after[..end].to_string(), Position::new(at.line, column)));
                offset += i + 2 + end + 1;
                rest = &after[end + 1..];
            }
            _ => {
                offset += i + 2;
                rest = after;
            }
        }
    }
    out
}

/// The scheme of a link destination that koers does not allow, judged as
/// a browser reads it (tabs and line breaks removed, any case).
fn forbidden_scheme(dest: &str, link_type: LinkType, is_image: bool) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid || matches!(link_type, LinkType::Email) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let image = is_image
        && scheme == "data"
        && ["image/png", "image/jpeg", "image/gif", "image/webp"]
            .iter()
            .any(|t| rest.to_ascii_lowercase().starts_with(t));
    match scheme.as_str() {
        "http" | "https" | "mailto" | "tel" => None,
        "data" if image => None,
        _ => Some(scheme),
    }
}

/// `base` with the scope's prefix, made unique on its page by a number
/// (`kosten`, `kosten-2`); "sectie" when `base` is empty.
fn unique_id(base: &str, prefix: &str, used: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "sectie" } else { base };
    let base = format!("{prefix}{base}");
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{n}")
    }
}

/// The id of a heading: its own (`{#id}`) or the slug of its text, made
/// unique. One function, so that links can be checked against the ids
/// the renderer makes.
pub(crate) fn heading_id(
    explicit: Option<String>,
    text: &str,
    prefix: &str,
    used: &mut HashMap<String, usize>,
) -> String {
    let base = explicit.unwrap_or_else(|| slug::slugify(text.trim()));
    unique_id(&base, prefix, used)
}

pub(crate) fn footnote_slug(label: &str) -> String {
    let s = slug::slugify(label);
    if s.is_empty() {
        "noot".to_string()
    } else {
        s
    }
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:")
}

/// Resolves `.` and `..` in a content-relative path; `None` when it
/// climbs out of the content folder.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn md(text: &str) -> Markdown {
        Markdown {
            text: text.into(),
            file: PathBuf::from("content/stories/a.md"),
            rel: "stories/a.md".to_string(),
            line: 5,
            lang: None,
        }
    }

    fn render_ok(text: &str) -> (Rendered, Diagnostics) {
        let mut urls = BTreeMap::new();
        urls.insert("stories/b.md".to_string(), "/stories/b/".to_string());
        let assets = vec!["files/plan.pdf".to_string()];
        let strings = Strings::dutch_defaults();
        let lint = crate::model::lint::LintConfig::default();
        let html = crate::model::lint::HtmlPolicy::default();
        let ctx = LinkContext {
            urls: &urls,
            assets: &assets,
            base_path: "/",
            asset_path: "/",
            strings: &strings,
            content_root: std::path::Path::new("."),
            chart_points: 10_000,
            lint: &lint,
            html: &html,
        };
        let mut diags = Diagnostics::new();
        let r = render(&md(text), &ctx, &Scope::default(), &mut diags);
        (r, diags)
    }

    #[test]
    fn resolves_links_between_content_files() {
        let (r, d) = render_ok(
            "[b](b.md) [b2](../stories/b.md#aanpak) [pdf](../files/plan.pdf) [x](https://x.nl)",
        );
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("href=\"/stories/b/\""));
        assert!(r.html.contains("href=\"/stories/b/#aanpak\""));
        assert!(r.html.contains("href=\"/files/plan.pdf\""));
        // The file does not exist in the test, so only its type is known.
        assert!(
            r.html
                .contains("pdf <span class=\"file-meta\">(PDF)</span></a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://x.nl\""));
    }

    #[test]
    fn reports_a_broken_link_with_its_line() {
        let (_, d) = render_ok("Tekst\n\nZie [c](c.md).");
        let e = d.iter().next().unwrap();
        assert_eq!(e.position.line, 7);
        assert!(e.message.contains("c.md"));
    }

    #[test]
    fn links_may_not_leave_the_content_folder() {
        let (_, d) = render_ok("[x](../../../etc/passwd)");
        assert!(d
            .iter()
            .next()
            .unwrap()
            .help
            .as_deref()
            .unwrap()
            .contains("outside"));
    }

    #[test]
    fn footnotes_are_numbered_and_link_both_ways() {
        let (r, d) =
            render_ok("Een[^b] en twee[^a] en weer[^b].\n\n[^a]: Noot A.\n[^b]: Noot B.\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("href=\"#fn-b\" id=\"fnref-b\""));
        assert!(r.html.contains("id=\"fnref-b-2\""));
        assert!(r
            .html
            .contains("<li id=\"fn-b\"><p>Noot B. <a href=\"#fnref-b\""));
        assert!(r.html.contains("href=\"#fnref-b-2\""));
        let b = r.html.find("id=\"fn-b\"").unwrap();
        let a = r.html.find("id=\"fn-a\"").unwrap();
        assert!(b < a, "numbered in order of use");
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let (r, _) = render_ok("## De visie\n\n## De visie\n\n### Eigen {#eigen}\n");
        assert!(r.html.contains("<h2 id=\"de-visie\">De visie</h2>"));
        assert!(r.html.contains("<h2 id=\"de-visie-2\">"));
        assert!(r.html.contains("<h3 id=\"eigen\">"));
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn chart_blocks_become_figures_and_bad_specs_name_their_line() {
        let (r, d) = render_ok("Intro\n\n```chart\ntitle: Budget\nunit: k€\ncategories: [A, B]\nseries:\n  - name: Incidenteel\n    values: [825, PM]\n```\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("<figure class=\"chart\""));
        assert!(r.html.contains("role=\"img\""));
        assert_eq!(r.charts.len(), 1);
        let (_, d) =
            render_ok("Intro\n\n```chart\ntitle: Budget\ntype: taart\ncategories: [A]\n```\n");
        let e = d.iter().next().unwrap();
        assert_eq!(e.position.line, 9, "{e}");
        assert!(e.message.contains("taart"));
    }

    #[test]
    fn callouts_become_semantic_html() {
        let (r, d) = render_ok("> [!definitie] Basisregistratie\n> Een registratie.\n\n> [!citaat] Gedeputeerde\n> Digitaal.\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("<dfn>Basisregistratie</dfn>"));
        assert!(r
            .html
            .contains("<figure class=\"callout callout-citaat\">\n<blockquote>"));
        assert!(r.html.contains("<figcaption>Gedeputeerde</figcaption>"));
        let (_, d) = render_ok("> [!onzin] X\n> y\n");
        assert!(d.iter().next().unwrap().message.contains("onzin"));
    }
}
