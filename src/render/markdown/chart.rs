//! ```` ```chart ```` blocks, drawn as figures.

use super::links::normalise;
use super::state::State;
use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::Markdown;

impl State<'_, '_> {
    /// Renders a ```chart block; `line` is the file line of its first spec line.
    pub(super) fn chart(
        &mut self,
        spec: &str,
        md: &Markdown,
        line: usize,
        diags: &mut Diagnostics,
    ) -> String {
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
                chart.texts = crate::render::charts::texts(s);
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
}
