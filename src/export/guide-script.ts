import { GUIDE_SEARCH } from "./guide-search.ts";

/**
 * The offline guide's only script, inlined and allowed by its hash in the page's CSP. It shows
 * the tools (hidden until now, so that with scripts off nothing is there that cannot work),
 * switches the language, and searches as the reader types: the closest topics first, as a list
 * of links above them, ranked the way the bot ranks (guide-search.ts). Written as ES5 for old
 * phone browsers. It stores nothing on the device: a deleted guide leaves no trace behind.
 *
 * It starts in Persian on a device set to Persian; otherwise in both languages where they fit
 * side by side, and in English alone on a phone, where both would stack into a page twice as
 * long (the switch is one tap away; with scripts off both show).
 *
 * While a search is on, `data-q` on the root element lets the stylesheet lay the topics out in
 * rank order (CSS `order`, set through the CSSOM, which the CSP allows); the document's own
 * order, and so printing, stay as they are. A link followed from a topic (a related topic, back
 * to the contents) ends the search first, so that what it points to is on the page again. The list's links copy each title's markup from the
 * page itself (escaped at export, its Latin runs isolated), never anything typed.
 */
export const GUIDE_SCRIPT = `(function(){
var d=document,root=d.documentElement;
${GUIDE_SEARCH}
var tools=d.getElementById("tools"),q=d.getElementById("q"),none=d.getElementById("none"),hits=d.getElementById("hits"),list=hits.querySelector("ol");
var byId={},texts=[];
[].slice.call(d.querySelectorAll(".topic")).forEach(function(t){byId[t.id]=t;});
function text(i){
if(texts[i]===undefined)texts[i]=key(byId["t-"+I.topics[i]].textContent);
return texts[i];
}
var buttons=[].slice.call(d.querySelectorAll("[data-lang]"));
function show(lang){
root.setAttribute("data-show",lang);
root.lang=lang==="fa"?"fa":"en";root.dir=lang==="fa"?"rtl":"ltr";
buttons.forEach(function(b){b.setAttribute("aria-pressed",String(b.getAttribute("data-lang")===lang));});
}
function link(topic){
var li=d.createElement("li");
[].slice.call(topic.querySelectorAll("h3")).forEach(function(h){
var a=d.createElement("a"),section=h.parentNode;
a.href="#"+topic.id;a.className=section.className;a.lang=section.lang;a.dir=section.dir;a.innerHTML=h.innerHTML;
li.appendChild(a);
});
return li;
}
function search(){
var ranked=key(q.value)?rank(q.value,text):null,top=ranked&&ranked.length?ranked[0].score:0;
if(ranked)ranked=ranked.filter(function(r){return r.score>=top*SHOWN;}).slice(0,MOST);
list.innerHTML="";
for(var id in byId){byId[id].hidden=!!ranked;byId[id].style.order="";}
if(ranked){
root.setAttribute("data-q","");
ranked.forEach(function(r,i){
var t=byId["t-"+r.id];t.hidden=false;t.style.order=String(i);list.appendChild(link(t));
});
}else root.removeAttribute("data-q");
hits.hidden=!ranked||!ranked.length;none.hidden=!ranked||ranked.length>0;
}
var SHOWN=0.3,MOST=10;
buttons.forEach(function(b){b.addEventListener("click",function(){show(b.getAttribute("data-lang"));});});
q.addEventListener("input",search);
d.addEventListener("click",function(e){
var a=e.target&&e.target.closest?e.target.closest("a[href^='#']"):null;
if(a&&root.hasAttribute("data-q")&&!hits.contains(a)){q.value="";search();}
});
tools.hidden=false;
var wide=!window.matchMedia||matchMedia("(min-width:60em)").matches;
show(/^fa\\b/i.test(navigator.language||"")?"fa":wide?"both":"en");
})();`;
