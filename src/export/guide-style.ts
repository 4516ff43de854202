/**
 * The offline guide's stylesheet, inlined in the page (no external request is allowed).
 * System fonts only: Vazirmatn, Noto and Tahoma cover Persian on phones and computers that
 * have them; every platform has some Arabic-script fallback. `[data-show]` on the root element
 * is the language switch: "both" (also the state with scripts off), "en" or "fa".
 */
export const GUIDE_STYLE = `
:root{--ink:#1b1b1b;--soft:#555;--line:#d8d8d8;--bg:#fff;--tint:#f3f6f5;--link:#0b5c8a;--accent:#1f6f5c}
@media (prefers-color-scheme:dark){:root{--ink:#e8e8e8;--soft:#aaa;--line:#3a3a3a;--bg:#121212;--tint:#1d2321;--link:#8cc8ee;--accent:#7fd1b9}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:64rem;padding:0 1rem 3rem;background:var(--bg);color:var(--ink);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;overflow-wrap:break-word;word-wrap:break-word}
[lang=fa]{font-family:Vazirmatn,"Noto Naskh Arabic","Noto Sans Arabic",Tahoma,"Segoe UI","Geeza Pro","DejaVu Sans",sans-serif;line-height:1.9}
p,li,a,h1,h2,h3{overflow-wrap:anywhere}
a{color:var(--link)}
h1{font-size:1.5rem;line-height:1.3;margin:1.2rem 0 .4rem}
h2{font-size:1.25rem;line-height:1.35;margin:0}
h3{font-size:1.1rem;line-height:1.4;margin:0 0 .5rem;color:var(--accent)}
ul,ol{padding-inline-start:1.4rem;margin:.5rem 0}
.top{border-bottom:2px solid var(--accent);padding-bottom:1rem}
.meta,.src{color:var(--soft);font-size:.875rem}
.pair,.topic{display:grid;gap:0 2rem}
.tools{padding:.6rem 0;border-bottom:1px solid var(--line)}
.switch{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:.5rem}
button,input{font:inherit;color:inherit}
button{border:1px solid var(--line);background:var(--tint);border-radius:1rem;padding:.2rem .9rem;cursor:pointer}
button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:var(--bg)}
input{width:100%;padding:.5rem .7rem;border:1px solid var(--soft);border-radius:.4rem;background:var(--bg)}
#none{margin:.5rem 0 0}
.toc{margin:1rem 0;padding:.2rem 1rem;background:var(--tint);border-radius:.5rem}
.toc>ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.2rem 1rem}
.toc>ul>li{margin:.3rem 0}
.toc a{display:block}
.toc .fa{text-align:right}
.cat-toc{margin:.5rem 0 1rem}
.cat-toc li{margin:.3rem 0}
.cat-toc a{display:block}
.rel,.back{margin:.4rem 0 0;font-size:.9rem}
#hits ol{margin:.3rem 0 0}
#hits a{display:block}
@media screen{html[data-q] main{display:flex;flex-direction:column}html[data-q] .category{display:contents}html[data-q] .cat,html[data-q] .cat-toc,html[data-q] .toc{display:none}}
.cat{margin:2rem 0 .5rem;padding:.3rem .6rem;background:var(--tint);border-inline-start:4px solid var(--accent)}
.cat span,.bi span{display:block}
.topic{border-bottom:1px solid var(--line);padding:1rem 0}
.topic>section{min-width:0}
.src ul{padding-inline-start:1.2rem}
html[data-show=en] .fa,html[data-show=fa] .en{display:none!important}
@media (min-width:60em){html[data-show=both] .pair,html[data-show=both] .topic{grid-template-columns:1fr 1fr}}
@media print{
body{max-width:none;padding:0;font-size:11pt;color:#000;background:#fff}
.tools,.toc,.cat-toc,.back{display:none!important}
.topic[hidden]{display:block!important}
.pair,.topic{display:block}
.topic{break-inside:auto}
h2,h3{break-after:avoid}
a{color:#000}
.topic a[href]::after{content:" <" attr(href) ">";font-size:.85em;color:#444}
}
`;
