import type { RequestRoute } from './admin-contract.ts';

// Maps a method and path to one of the four public routes (plus the file
// route), the way API Gateway would, before anything else looks at the
// request: fault rules are chosen by this route name. Empty path ids
// (`/cases/`, `/cases//input`) still match, so that the handler can
// answer 400 for the missing id as the docs describe.

export interface MatchedRoute {
  route: RequestRoute;
  caseId: string;
  attachmentId: string;
  fileToken: string;
  includeTranscript: boolean;
}

const FILE_PREFIX = '/__files/';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `includeTranscript` counts only if it trims and lowercases to `true`. */
function wantsTranscript(query: string): boolean {
  if (query === '' || !query.includes('includeTranscript')) return false;
  const value = new URLSearchParams(query).get('includeTranscript');
  return value !== null && value.trim().toLowerCase() === 'true';
}

export function matchRoute(
  method: string,
  pathname: string,
  query: string,
): MatchedRoute {
  const matched: MatchedRoute = {
    route: 'unknown',
    caseId: '',
    attachmentId: '',
    fileToken: '',
    includeTranscript: false,
  };
  if (pathname.startsWith(FILE_PREFIX)) {
    if (method === 'GET' || method === 'HEAD') {
      matched.route = 'file';
      matched.fileToken = pathname.slice(FILE_PREFIX.length);
    }
    return matched;
  }
  const parts = pathname.split('/');
  if (parts[0] !== '' || parts[1] !== 'cases') return matched;
  const rest = parts.slice(2).map(decode);
  if (rest.length === 0) {
    if (method === 'POST') matched.route = 'createCase';
    return matched;
  }
  matched.caseId = rest[0] ?? '';
  if (rest.length === 1 && method === 'GET') {
    matched.includeTranscript = wantsTranscript(query);
    matched.route = matched.includeTranscript ? 'getTranscript' : 'getCase';
  } else if (rest.length === 2 && rest[1] === 'input' && method === 'POST') {
    matched.route = 'provideInput';
  } else if (
    (rest.length === 2 || rest.length === 3) &&
    rest[1] === 'attachments' &&
    method === 'GET'
  ) {
    matched.route = 'getAttachment';
    matched.attachmentId = rest[2] ?? '';
  }
  return matched;
}
