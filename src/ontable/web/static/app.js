// Small helpers for the ontable pages (no external code).

// The Content-Security-Policy allows no inline <style>: htmx's indicator rules live in app.css.
htmx.config.includeIndicatorStyles = false;
document.addEventListener("htmx:responseError", (event) => {
  // Show validation fragments (422) in place instead of dropping them.
  const xhr = event.detail.xhr;
  if (xhr.status === 422 && event.detail.target) {
    event.detail.target.innerHTML = xhr.responseText;
  }
});

// Follow a sweep started from the page: progress over server-sent events, then its result.
function followJob(element) {
  const id = element.dataset.job;
  const bar = element.querySelector("#job-progress");
  const status = element.querySelector("#job-status");
  const source = new EventSource(`/jobs/${id}/events`);
  const update = (event) => {
    const job = JSON.parse(event.data);
    bar.max = job.total || 1;
    bar.value = job.done;
    status.textContent = job.error ? `${job.status}: ${job.error}` : `${job.status} (${job.done} of ${job.total})`;
    return job;
  };
  source.addEventListener("progress", update);
  source.addEventListener("end", (event) => {
    source.close();
    const job = update(event);
    if (job.status === "complete" && job.run_id !== null) {
      htmx.ajax("GET", `/runs/${job.run_id}/fragment`, {target: element.querySelector("#job-result")});
    }
    htmx.trigger(document.body, "sweep-finished");
  });
}
document.addEventListener("htmx:afterSwap", (event) => {
  event.detail.target.querySelectorAll("[data-job]").forEach(followJob);
});

// The what-if panel: baseline markers, changed inputs, resets, scenarios.
(function () {
  const form = document.getElementById("whatif");
  if (!form) { return; }
  const controls = Array.from(form.querySelectorAll(".control"));
  const scenarios = JSON.parse(document.getElementById("scenarios-data").textContent);
  const recalc = () => htmx.trigger(form, "recalc");

  const show = (control) => {
    const input = control.querySelector("input[type=range]");
    const base = parseFloat(control.dataset.baseline);
    control.querySelector("output").value = input.value;
    const changed = Math.abs(parseFloat(input.value) - base) > 1e-9;
    control.classList.toggle("changed", changed);
    return changed;
  };
  const tally = () => {
    let total = 0;
    form.querySelectorAll("details.party").forEach((party) => {
      const n = party.querySelectorAll(".control.changed").length;
      total += n;
      party.querySelector(".party-changed").textContent = n ? `${n} changed` : "";
    });
    document.getElementById("changed-count").textContent = total;
  };
  const setValue = (control, value) => {
    control.querySelector("input[type=range]").value = value;
    show(control);
  };
  const reset = (list) => { list.forEach((c) => setValue(c, c.dataset.baseline)); tally(); recalc(); };

  // The ▾ marker sits where the slider's thumb is at the baseline (thumb 16 px wide).
  controls.forEach((control) => {
    const mark = control.querySelector(".baseline-mark");
    const pct = parseFloat(mark.dataset.percent);
    mark.style.left = `calc(${pct}% + ${8 - 0.16 * pct}px)`;
    show(control);
  });
  tally();

  form.addEventListener("input", (event) => {
    const control = event.target.closest(".control");
    if (control) { show(control); tally(); }
  });
  form.addEventListener("click", (event) => {
    const one = event.target.closest(".reset-one");
    if (one) { reset([one.closest(".control")]); return; }
    const party = event.target.closest(".reset-party");
    if (party) { reset(Array.from(document.getElementById(`party-${party.dataset.party}`).querySelectorAll(".control"))); return; }
    if (event.target.id === "reset-all") {
      document.getElementById("scenario").value = "";
      document.getElementById("scenario-about").textContent = "";
      reset(controls);
    }
  });
  document.getElementById("scenario").addEventListener("change", (event) => {
    const chosen = scenarios.find((s) => s.id === event.target.value);
    controls.forEach((c) => setValue(c, c.dataset.baseline));
    if (chosen) {
      Object.entries(chosen.values).forEach(([key, value]) => {
        const control = form.querySelector(`.control[data-key="${key}"]`);
        if (control) {
          setValue(control, value);
          control.closest("details.party").open = true;
        }
      });
      const name = document.getElementById("scenario-name");
      if (name) { name.value = chosen.id; }
    }
    document.getElementById("scenario-about").textContent = chosen ? chosen.description : "";
    tally();
  });
  // A scenario saved from the panel can be loaded and compared at once.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt.id !== "save-scenario" || !event.detail.successful) { return; }
    const id = document.getElementById("scenario-name").value.trim();
    const values = {};
    controls.forEach((c) => {
      if (c.classList.contains("changed")) { values[c.dataset.key] = parseFloat(c.querySelector("input").value); }
    });
    const description = document.getElementById("scenario-description").value;
    const known = scenarios.find((s) => s.id === id);
    if (known) { known.values = values; known.description = description; } else {
      scenarios.push({ id, description, values });
      const option = document.createElement("option");
      option.value = id;
      option.textContent = id;
      document.getElementById("scenario").appendChild(option);
    }
    document.getElementById("scenario").value = id;
    htmx.trigger(document.body, "scenarios-changed");
  });
})();

// A slider shows its value in the <output> named by its data-output (no inline handlers: CSP).
document.addEventListener("input", (event) => {
  const id = event.target.dataset ? event.target.dataset.output : undefined;
  const out = id ? document.getElementById(id) : null;
  if (out) {
    out.value = event.target.value;
  }
});
