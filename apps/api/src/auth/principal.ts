/** Roles of DESIGN.md section 10. */
export const ROLES = ['hr', 'unit_head', 'council', 'inspector', 'staff', 'integration', 'importer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from a verified bearer token. */
export interface Principal {
  /** Subject: the staff id of a person, or a service name. */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Unit subtrees the subject may see; `*` means every unit. */
  readonly units: readonly string[];
}

export function hasRole(principal: Principal, ...roles: readonly Role[]): boolean {
  return principal.roles.includes('admin') || roles.some((r) => principal.roles.includes(r));
}
