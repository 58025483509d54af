// koers serve: live reload and build errors.
(() => {
  let seen = null;
  let box = null;
  const show = (error) => {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "koers-build-error";
      box.className = "koers-build-error";
      document.body.prepend(box);
    }
    box.replaceChildren();
    const h = document.createElement("p");
    h.textContent = "koers: de laatste wijziging bevat een fout; u ziet de laatste goede versie.";
    const pre = document.createElement("pre");
    pre.textContent = error;
    box.append(h, pre);
  };
  const here = () => {
    const p = location.pathname;
    return p.endsWith("/") ? p + "index.html" : p;
  };
  const poll = async () => {
    try {
      const since = seen === null ? "" : "?since=" + seen;
      const r = await fetch("/__koers/status" + since, { cache: "no-store" });
      const s = await r.json();
      // Reload when this page changed (or when the server cannot tell).
      const mine = s.changed === null || s.changed.includes(here());
      if (seen !== null && s.version !== seen && !s.error && mine) {
        location.reload();
        return;
      }
      seen = s.version;
      if (s.error) show(s.error);
      else if (box) { box.remove(); box = null; }
    } catch (e) { /* the server restarts: try again */ }
    setTimeout(poll, 400);
  };
  poll();
})();
