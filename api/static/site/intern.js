/* Staff workspace /intern: small enhancements of server-rendered pages (they work without).

   - After a page that answers a form loads, focus moves to what it answers (`[data-focus]`),
     so a screen reader starts reading there.
   - The page of an ingest job polls the job's state and shows it in a progress bar and a
     live region (each new message is announced once); when the job is done, the projects the
     document was linked to. */
"use strict";

(function () {
  function focusAnswer() {
    const target = document.querySelector("[data-focus]");
    if (target) {
      target.focus();
    }
  }

  function showProjects(box, job) {
    const list = box.querySelector("[data-job-projects]");
    list.replaceChildren();
    for (const project of job.projects) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = project.url;
      const label = document.createElement("span");
      label.className = "project-label";
      label.textContent = project.label;
      link.append(label, " " + project.title);
      item.appendChild(link);
      list.appendChild(item);
    }
    if (!job.projects.length) {
      const item = document.createElement("li");
      item.textContent = "Keinem Projekt zugeordnet.";
      list.appendChild(item);
    }
    if (job.document) {
      box.querySelector("[data-job-document]").href = job.document.url;
    }
  }

  function followJob(box) {
    const bar = box.querySelector("progress");
    const status = box.querySelector("[data-job-status]");
    const result = box.querySelector("[data-job-result]");
    const reload = box.querySelector("[data-job-reload]");
    let failures = 0;

    function show(job) {
      if (job.status === "done") {
        bar.max = 1;
        bar.value = 1;
      } else if (job.progress.total) {
        bar.max = job.progress.total;
        bar.value = job.progress.done;
      } else {
        bar.removeAttribute("value"); // indeterminate until chunks are counted
      }
      if (status.textContent !== job.message) {
        status.textContent = job.message;
      }
      status.classList.toggle("notice-error", job.status === "failed");
      if (job.status === "done") {
        showProjects(result, job);
        result.hidden = false;
      }
      const finished = job.status === "done" || job.status === "failed";
      reload.hidden = finished;
      return finished;
    }

    function poll() {
      fetch(box.dataset.job, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then((response) => {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then((job) => {
          failures = 0;
          if (!show(job)) {
            setTimeout(poll, 400);
          }
        })
        .catch(() => {
          failures += 1;
          if (failures < 5) {
            setTimeout(poll, 1000);
          } else {
            status.textContent = "Der Stand ist gerade nicht abrufbar. Bitte laden Sie die Seite neu.";
          }
        });
    }

    if (!result.hidden || status.classList.contains("notice-error")) {
      return; // finished already when the page was rendered
    }
    poll();
  }

  function start() {
    focusAnswer();
    const job = document.querySelector("[data-job]");
    if (job) {
      followJob(job);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
