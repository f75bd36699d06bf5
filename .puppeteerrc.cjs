/* global module, process */
// Puppeteer (pulled in by whatsapp-web.js) must never download a browser: Postbote runs
// Debian's Chromium. CHROME_PATH overrides the default location.
/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: true,
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
};
