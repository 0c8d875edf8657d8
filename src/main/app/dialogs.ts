// Native open/save dialogs for the API's dialog:pick: main chooses what each purpose shows, so the
// renderer can only ask for one of a few known dialogs and gets back paths, never file contents.

import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { PickPurpose } from '../../shared/api';

const OPEN: Record<Exclude<PickPurpose, 'create-case' | 'save-report' | 'save-export'>, OpenDialogOptions> = {
  'import-files': {
    title: 'Import SSH command logs',
    buttonLabel: 'Import',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'SSH command logs', extensions: ['capture', 'ndjson', 'json', 'gz', 'cast', 'zip', 'log'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  'import-folder': {
    title: 'Import every log in a folder',
    buttonLabel: 'Import folder',
    properties: ['openDirectory', 'multiSelections'],
  },
  'key-file': { title: 'Import a private key', buttonLabel: 'Import key', properties: ['openFile', 'showHiddenFiles'] },
  'open-case': {
    title: 'Open a case',
    buttonLabel: 'Open',
    properties: ['openFile'],
    filters: [{ name: 'sshlens cases', extensions: ['sqlite'] }],
  },
};

export async function pickWithDialog(
  dialog: Dialog,
  window: BrowserWindow | null,
  purpose: PickPurpose,
): Promise<string[]> {
  if (purpose === 'create-case' || purpose === 'save-report' || purpose === 'save-export') {
    const options =
      purpose === 'save-export'
        ? {
            title: 'Export the search results',
            buttonLabel: 'Export',
            defaultPath: 'search-results.csv',
            filters: [
              { name: 'CSV', extensions: ['csv'] },
              { name: 'JSON', extensions: ['json'] },
            ],
          }
        : purpose === 'create-case'
          ? {
              title: 'New case',
              buttonLabel: 'Create',
              defaultPath: 'case.sqlite',
              filters: [{ name: 'sshlens cases', extensions: ['sqlite'] }],
            }
          : {
              title: 'Write a report',
              buttonLabel: 'Write report',
              defaultPath: 'report.html',
              filters: [
                { name: 'HTML report', extensions: ['html'] },
                { name: 'PDF report', extensions: ['pdf'] },
                { name: 'JSON report', extensions: ['json'] },
              ],
            };
    const r = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? [] : [r.filePath];
  }
  const r = window ? await dialog.showOpenDialog(window, OPEN[purpose]) : await dialog.showOpenDialog(OPEN[purpose]);
  return r.canceled ? [] : r.filePaths;
}
