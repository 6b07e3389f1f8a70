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
  });
}
document.addEventListener("htmx:afterSwap", (event) => {
  event.detail.target.querySelectorAll("[data-job]").forEach(followJob);
});

// A slider shows its value in the <output> named by its data-output (no inline handlers: CSP).
document.addEventListener("input", (event) => {
  const id = event.target.dataset ? event.target.dataset.output : undefined;
  const out = id ? document.getElementById(id) : null;
  if (out) {
    out.value = event.target.value;
  }
});
