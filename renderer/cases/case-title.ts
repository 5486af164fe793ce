import type { CaseListItem } from '../../shared/case-data.ts';

/** The name a person knows a case by: their reference, label, or its id. */
export function caseTitle(
  item: Pick<CaseListItem, 'caseId' | 'clientReferenceId' | 'label'>,
): string {
  return item.clientReferenceId || item.label || item.caseId;
}
