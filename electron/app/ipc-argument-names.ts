import type { IpcMethodName } from '../../shared/ipc.ts';

// What each method calls its arguments, so that a refusal can say "the
// argument caseId of cases.detail" rather than "argument 0". A trailing
// `?` marks an optional argument. The gate's tests check that every name
// list has exactly as many entries as the method's schema.

export const IPC_ARGUMENT_NAMES: Readonly<
  Record<IpcMethodName, readonly string[]>
> = {
  'app.info': [],
  'app.openExternal': ['url'],
  'app.reportError': ['error'],
  'keys.status': ['profileId'],
  'keys.set': ['profileId', 'key', 'options?'],
  'keys.remove': ['profileId'],
  'settings.get': [],
  'settings.update': ['patch'],
  'settings.chooseDownloadFolder': [],
  'sync.state': [],
  'sync.refreshAll': [],
  'sync.resume': [],
  'watch.add': ['request'],
  'watch.remove': ['caseIds'],
  'watch.restore': ['entries'],
  'cases.list': ['options?'],
  'cases.detail': ['caseId'],
  'cases.refresh': ['caseId'],
  'cases.markSeen': ['caseId'],
  'cases.resolve': ['idOrReference'],
  'transcripts.get': ['caseId'],
  'transcripts.refresh': ['caseId'],
  'transcripts.export': ['caseId'],
  'search.query': ['query', 'limit?'],
  'input.draft': ['caseId', 'inputRequestId'],
  'input.saveDraft': ['caseId', 'inputRequestId', 'text'],
  'input.submit': ['caseId', 'inputRequestId', 'text'],
  'downloads.start': ['caseId', 'attachmentIds?'],
  'downloads.cancel': ['jobId'],
  'downloads.list': [],
  'downloads.open': ['caseId', 'attachmentId'],
  'downloads.showInFolder': ['caseId', 'attachmentId'],
};

/** "takes no arguments", "takes 1 argument (caseId)", "takes 1 to 2 …". */
export function describeArity(method: IpcMethodName): string {
  const names = IPC_ARGUMENT_NAMES[method];
  if (names.length === 0) return `${method} takes no arguments`;
  const required = names.filter((name) => !name.endsWith('?')).length;
  const count =
    required === names.length
      ? `${required}`
      : `${required} to ${names.length}`;
  const plural = names.length === 1 ? 'argument' : 'arguments';
  const list = names.map((name) => name.replace(/\?$/, '')).join(', ');
  return `${method} takes ${count} ${plural} (${list})`;
}

/** The name of argument `index` of a method. */
export function argumentName(method: IpcMethodName, index: number): string {
  const name = IPC_ARGUMENT_NAMES[method][index];
  return name === undefined ? `#${index + 1}` : name.replace(/\?$/, '');
}
