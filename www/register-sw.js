// Registers the service worker that keeps every file of this build for offline use (sw.js,
// written by scripts/build.sh beside this file). Its scope is the folder the page is served
// from, so a help center can host mxray at any sub-path.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  navigator.serviceWorker.register("sw.js").catch(() => {
    // Private windows and some embeddings refuse service workers: the page works online anyway.
  });
}
