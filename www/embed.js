// Inside a help center's <iframe>: tell the embedding page how tall this page is whenever that
// changes, so the frame can fit it without a second scroll bar (README.md, "Embedding"). The
// height is all that is said; the embedding page checks that the message comes from its frame.
if (window.parent !== window && "ResizeObserver" in window) {
  const tell = () => parent.postMessage({ type: "mxray-height", height: document.documentElement.scrollHeight }, "*");
  new ResizeObserver(tell).observe(document.documentElement);
}
