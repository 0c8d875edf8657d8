// Reports printed to PDF by Electron's own Chromium (webContents.printToPDF), so the desktop app
// needs no separate browser. The report is loaded, as a data: URL, into a hidden window of its
// own session that runs no script and may load nothing else; the page furniture (case in the
// header, page numbers) is the same as the CLI's (report/render-pdf.ts).

import type { BrowserWindow as BrowserWindowType, Session } from 'electron';
import { pdfPageTemplates, type PdfPrinter } from '../report/render-pdf';

const PRINT_PARTITION = 'sshlens-report-print';

export function electronPdfPrinter(electron: {
  BrowserWindow: typeof BrowserWindowType;
  session: { fromPartition: (partition: string) => Session };
}): PdfPrinter {
  let configured = false;
  return async (html, caseName) => {
    const ses = electron.session.fromPartition(PRINT_PARTITION);
    if (!configured) {
      // Only the report itself loads: a report can name no other resource, and this makes sure.
      ses.webRequest.onBeforeRequest((details, callback) =>
        callback({ cancel: !details.url.startsWith('data:text/html') }),
      );
      ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
      configured = true;
    }
    const win = new electron.BrowserWindow({
      show: false,
      webPreferences: {
        partition: PRINT_PARTITION,
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
      const mm = (n: number): number => n / 25.4; // printToPDF margins are in inches
      return await win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        ...pdfPageTemplates(caseName),
        margins: { top: mm(18), bottom: mm(16), left: mm(14), right: mm(14) },
      });
    } finally {
      win.destroy();
    }
  };
}
