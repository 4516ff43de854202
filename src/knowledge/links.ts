/**
 * Why a link may not go into an answer, or `undefined` when it may. Panah's links go straight
 * to official sites: https only, no redirectors or shorteners, no tracking parameters.
 */
export function linkProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid address: write the full https:// address`;
  }
  if (parsed.protocol !== "https:") return `"${url}" must use https://`;
  const host = parsed.hostname.replace(/^www\./, "");
  if (REDIRECTORS.has(host) || (host.startsWith("google.") && parsed.pathname === "/url"))
    return `"${url}" goes through a redirector or shortener: link to the final page directly`;
  const trackers = [...parsed.searchParams.keys()].filter(isTrackingParameter);
  if (trackers.length > 0)
    return `"${url}" carries tracking parameters (${trackers.join(", ")}): remove them`;
  return undefined;
}

const REDIRECTORS = new Set([
  "t.co",
  "bit.ly",
  "tinyurl.com",
  "goo.gl",
  "ow.ly",
  "buff.ly",
  "is.gd",
  "rebrand.ly",
  "lnkd.in",
  "l.facebook.com",
  "lm.facebook.com",
  "l.instagram.com",
  "out.reddit.com",
]);

const TRACKING = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "ref_src",
  "s_cid",
]);

function isTrackingParameter(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith("utm_") || TRACKING.has(key);
}

/**
 * Whether `url` lies inside one of a publisher's official domains: its host is the domain or a
 * subdomain of it (`blog.cloudflare.com` is inside `cloudflare.com`) and, for a domain written
 * with a path (`github.com/net4people`), its path starts with that path. A copy on another site,
 * a mirror or a staging server is not inside.
 */
export function isInsideDomains(url: string, domains: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, "");
  const path = parsed.pathname.toLowerCase();
  return domains.some((entry) => {
    const slash = entry.indexOf("/");
    const domain = (slash < 0 ? entry : entry.slice(0, slash)).replace(/^www\./, "");
    const prefix = slash < 0 ? "" : entry.slice(slash).replace(/\/$/, "");
    const hostMatches = host === domain || host.endsWith(`.${domain}`);
    return hostMatches && (prefix === "" || path === prefix || path.startsWith(`${prefix}/`));
  });
}
