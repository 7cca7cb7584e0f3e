// The browsers come from Debian (chromium, firefox-esr); never download one.
module.exports = { skipDownload: true };
