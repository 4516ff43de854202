/**
 * The offline guide's only script, inlined and allowed by its hash in the page's CSP. It shows
 * the tools (hidden until now, so that with scripts off nothing is there that cannot work),
 * switches the language, and filters topics as the reader types. Written as ES5 for old phone
 * browsers. It stores nothing on the device: a deleted guide leaves no trace behind.
 *
 * Search folds text the way Panah's router does (src/text/normalize.ts), in short: Arabic
 * letter forms to Persian, digits to ASCII, diacritics, tatweel, ZWNJ and punctuation away;
 * a topic matches when every typed word occurs in it, in either language.
 */
export const GUIDE_SCRIPT = `(function(){
var d=document,root=d.documentElement;
var folds={"\\u064a":"\\u06cc","\\u0649":"\\u06cc","\\u06d2":"\\u06cc","\\u0643":"\\u06a9","\\u0629":"\\u0647","\\u06c0":"\\u0647","\\u06d5":"\\u0647","\\u06c1":"\\u0647","\\u0671":"\\u0627"};
function key(s){
if(s.normalize)s=s.normalize("NFKC").toLowerCase().normalize("NFD");else s=s.toLowerCase();
return s.replace(/[\\u0300-\\u036f\\u0610-\\u061a\\u064b-\\u065f\\u0670\\u06d6-\\u06ed\\u0640\\u0621\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\u00ad]/g,"")
.replace(/[\\u064a\\u0649\\u06d2\\u0643\\u0629\\u06c0\\u06d5\\u06c1\\u0671]/g,function(c){return folds[c];})
.replace(/[\\u06f0-\\u06f9\\u0660-\\u0669]/g,function(c){return String(c.charCodeAt(0)&15);})
.replace(/['\\u2019\\u02bc]/g,"")
.replace(/[\\s!-&(-\\/:-@[-\`{-~\\u00a0-\\u00bf\\u060c\\u061b\\u061f\\u066a-\\u066d\\u06d4\\u2010-\\u205e]+/g," ");
}
var tools=d.getElementById("tools"),q=d.getElementById("q"),none=d.getElementById("none"),toc=d.getElementById("toc");
var topics=[].slice.call(d.querySelectorAll(".topic")),cats=[].slice.call(d.querySelectorAll(".category"));
var hay=topics.map(function(t){return key(t.textContent+" "+(t.getAttribute("data-k")||""));});
var buttons=[].slice.call(d.querySelectorAll("[data-lang]"));
function show(lang){
root.setAttribute("data-show",lang);
root.lang=lang==="fa"?"fa":"en";root.dir=lang==="fa"?"rtl":"ltr";
buttons.forEach(function(b){b.setAttribute("aria-pressed",String(b.getAttribute("data-lang")===lang));});
}
function search(){
var words=key(q.value).split(" ").filter(function(w){return w;}),any=false;
topics.forEach(function(t,i){
t.hidden=!words.every(function(w){return hay[i].indexOf(w)>=0;});
if(!t.hidden)any=true;
});
cats.forEach(function(c){c.hidden=!c.querySelector(".topic:not([hidden])");});
none.hidden=any;toc.hidden=words.length>0;
}
buttons.forEach(function(b){b.addEventListener("click",function(){show(b.getAttribute("data-lang"));});});
q.addEventListener("input",search);
tools.hidden=false;
show(/^fa\\b/i.test(navigator.language||"")?"fa":"both");
})();`;
