/**
 * The offline guide's search, as ES5 source inlined in the page's one script (see
 * guide-script.ts, which calls `rank`). It ranks topics the way Panah's router does
 * (src/router/), over the index the export ships (guide-index.ts):
 *
 * - Text is folded as src/text/normalize.ts folds it: NFKC and case, invisible marks, Arabic
 *   diacritics and letter forms (ي ك → ی ک), Persian digits, Latin accents, ZWNJ as a space
 *   with the detached affixes rejoined (می خواهم → میخواهم), punctuation out, letters
 *   repeated three times squeezed.
 * - Stop words out; each word looked up in the index of its own script: as typed, then without
 *   an ending (Persian: the router's own list; English, which the index holds as Porter stems:
 *   the longest indexed stem the word starts with, a few letters shorter, or y → i), then in the
 *   other language's index as typed, then repaired as a typo (one letter changed, added,
 *   dropped or two swapped, for words of five letters or more, first letter kept), which
 *   counts for less, as in the router.
 * - BM25 over each topic's examples, title and keywords (k1 1.2, b 0.75), keywords scoring a
 *   second time in their own index; each score a share of the question's IDF mass, words no
 *   index knows counting against every topic.
 * - Beyond the router: a word no index knows but a topic's text contains (a name only an answer
 *   mentions) still counts a little for that topic, so the old literal search keeps working.
 */
/** Expects `d`, the document, in the enclosing script; defines `key` and `rank(query, texts)`. */
export const GUIDE_SEARCH = String.raw`
var LETTERS="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",K1=1.2,B=0.75,REPAIRED=0.75,TEXT=0.25;
var PERSIAN=/[\u0600-\u06ff]/;
var folds={"\u064a":"\u06cc","\u0649":"\u06cc","\u06d2":"\u06cc","\u0626":"\u06cc","\u0643":"\u06a9","\u0629":"\u0647","\u06c0":"\u0647","\u06c1":"\u0647","\u0623":"\u0627","\u0625":"\u0627","\u0622":"\u0627","\u0671":"\u0627","\u0624":"\u0648","\u0621":""};
var LETTER="a-z\u00c0-\u024f\u0600-\u06ff";
function key(s){
if(s.normalize)s=s.normalize("NFKC");
s=s.toLowerCase()
.replace(/[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/g,"")
.replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g,"")
.replace(/[\u064a\u0649\u06d2\u0626\u0643\u0629\u06c0\u06c1\u0623\u0625\u0622\u0671\u0624\u0621]/g,function(c){return folds[c];})
.replace(/[\u06f0-\u06f9\u0660-\u0669]/g,function(c){return String(c.charCodeAt(0)&15);})
.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g,function(c){return c.normalize?c.normalize("NFD").replace(/[\u0300-\u036f]/g,""):c;})
.replace(/[\u200c\u200d]/g," ")
.replace(new RegExp("(["+LETTER+"])['\u2019\u02bc](?=["+LETTER+"])","g"),"$1")
.replace(/[\s!-\/:-@[-\u0060{-~\u00a0-\u00bf\u00d7\u00f7\u060c\u061b\u061f\u066a-\u066d\u06d4\u2010-\u2bff\u3000-\u303f\ud800-\udfff\ufe00-\ufe0f]+/g," ")
.replace(/(^| )(\u0646?\u0645\u06cc) (?=[\u0600-\u06ff])/g,"$1$2")
.replace(/([\u0600-\u06ff]) (\u0647\u0627|\u0647\u0627\u06cc|\u0647\u0627\u06cc\u06cc|\u0647\u0627\u06cc\u0645|\u0647\u0627\u06cc\u062a|\u0647\u0627\u06cc\u0634|\u0647\u0627\u06cc\u0645\u0627\u0646|\u0647\u0627\u06cc\u062a\u0627\u0646|\u0647\u0627\u06cc\u0634\u0627\u0646|\u062a\u0631|\u062a\u0631\u06cc\u0646)(?= |$)/g,"$1$2")
.replace(new RegExp("(["+LETTER+"])\\1{2,}","g"),"$1");
return s.replace(/\s+/g," ").replace(/^ | $/g,"");
}
var I=JSON.parse(d.getElementById("index").textContent),N=I.topics.length,WIDE=N>LETTERS.length;
var UNKNOWN=Math.log(1+(N+0.5)/0.5);
function set(list){var o={};list.split(" ").forEach(function(w){if(w)o[w]=1;});return o;}
var STOP={en:set(I.stop.en),fa:set(I.stop.fa)},ENDINGS=I.endings.split(" ");
function part(text){
var x={w:{},k:{},len:[],klen:[],initial:{}},cells=text.split(" "),previous="",i;
for(i=0;i<N;i++){x.len.push(0);x.klen.push(0);}
for(i=0;i+1<cells.length;i+=2){
var cell=cells[i],term=previous.slice(0,+cell.charAt(0))+cell.slice(1),lists=cells[i+1].split("!");
previous=term;
x.w[term]=postings(lists[0],x.len);
if(lists[1])x.k[term]=postings(lists[1],x.klen);
var c=term.charAt(0);(x.initial[c]=x.initial[c]||[]).push(term);
}
x.avg=average(x.len);x.kavg=average(x.klen);
return x;
}
function average(list){var sum=0;list.forEach(function(n){sum+=n;});return Math.max(1,sum/list.length);}
function postings(text,lengths){
var list=[],j=0;
while(j<text.length){
var doc=WIDE?LETTERS.indexOf(text.charAt(j))*LETTERS.length+LETTERS.indexOf(text.charAt(j+1)):LETTERS.indexOf(text.charAt(j));
j+=WIDE?2:1;
var n=1;if(/[0-9]/.test(text.charAt(j))){n=+text.charAt(j);j++;}
list.push([doc,n]);lengths[doc]+=n;
}
return list;
}
var X={en:part(I.en),fa:part(I.fa)};
function idf(list){return Math.log(1+(N-list.length+0.5)/(list.length+0.5));}
function own(map,term){return Object.prototype.hasOwnProperty.call(map,term);}
function bare(x,w,language){
var i,form;
if(language==="fa"){
for(i=0;i<ENDINGS.length;i++){
form=w.slice(0,w.length-ENDINGS[i].length);
if(w.length-ENDINGS[i].length>=I.minStem&&w.slice(form.length)===ENDINGS[i]&&own(x.w,form))return form;
}
return null;
}
if(/y$/.test(w)&&own(x.w,w.slice(0,-1)+"i"))return w.slice(0,-1)+"i";
for(i=1;i<=Math.min(4,w.length-2);i++){form=w.slice(0,-i);if(own(x.w,form))return form;}
return null;
}
function oneEdit(a,b){
if(Math.abs(a.length-b.length)>1)return false;
var i=0;while(i<a.length&&a.charAt(i)===b.charAt(i))i++;
if(a.length===b.length)return a.slice(i+1)===b.slice(i+1)||(a.charAt(i)===b.charAt(i+1)&&a.charAt(i+1)===b.charAt(i)&&a.slice(i+2)===b.slice(i+2));
return a.length>b.length?a.slice(i+1)===b.slice(i):a.slice(i)===b.slice(i+1);
}
function repair(x,w){
if(w.length<5||/^[0-9]+$/.test(w))return null;
var near=x.initial[w.charAt(0)]||[];
for(var i=0;i<near.length;i++)if(near[i]!==w&&oneEdit(w,near[i]))return near[i];
return null;
}
function lookUp(w,language){
var home=X[language],away=X[language==="en"?"fa":"en"],term;
if(own(home.w,w))return{x:home,term:w,weight:1};
term=bare(home,w,language);if(term)return{x:home,term:term,weight:1};
if(own(away.w,w))return{x:away,term:w,weight:1};
term=repair(home,w);if(term)return{x:home,term:term,weight:REPAIRED};
return null;
}
function accumulate(list,lengths,avg,weight,scores){
var weightIdf=weight*idf(list);
list.forEach(function(p){
var norm=1-B+B*lengths[p[0]]/avg;
scores[p[0]]+=weightIdf*p[1]/(p[1]+K1*norm);
});
}
function rank(query,texts){
var seen={},scores=[],total=0,unknown=[],i;
for(i=0;i<N;i++)scores.push(0);
key(query).split(" ").forEach(function(w){
if(!w||own(seen,w))return;seen[w]=1;
var language=PERSIAN.test(w)?"fa":"en";
if(own(STOP[language],w))return;
var found=lookUp(w,language);
if(!found){total+=UNKNOWN;unknown.push(w);return;}
total+=found.weight===1?idf(found.x.w[found.term]):UNKNOWN;
accumulate(found.x.w[found.term],found.x.len,found.x.avg,found.weight,scores);
if(own(found.x.k,found.term)){
total+=idf(found.x.k[found.term]);
accumulate(found.x.k[found.term],found.x.klen,found.x.kavg,found.weight,scores);
}
});
unknown.forEach(function(w){
for(var t=0;t<N;t++)if(texts(t).indexOf(w)>=0)scores[t]+=TEXT*UNKNOWN;
});
var ranked=[];
for(i=0;i<N;i++)if(scores[i]>0)ranked.push({id:I.topics[i],score:scores[i]/total});
ranked.sort(function(a,b){return b.score-a.score;});
return ranked;
}
`;
