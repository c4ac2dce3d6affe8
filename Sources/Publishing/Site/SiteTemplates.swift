// The static site's templates and style sheet, as Swift string constants so the package needs
// no resources. Every value from the ledger is printed with `{{…}}`, which HTML-escapes it;
// no template uses `{{{…}}}`. The one JSON island goes through the `jsonld` partial, which
// escapes for a script element instead (see ScriptJSON).
import Mustache

/// The mustache templates of the site, parsed once.
enum SiteTemplates {
    /// Every template and partial, by name. Parsing registers the script-JSON content type
    /// first, since the `jsonld` partial names it.
    static let library: MustacheLibrary = {
        MustacheContentTypes.register(ScriptJSONContentType(), named: ScriptJSONContentType.name)
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("site template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let sources: [String: String] = [
        "header": header, "footer": footer, "link": link, "chart": chart, "jsonld": jsonld,
        "index": index, "account": account, "claim": claim, "methodology": methodology, "verification": verification,
    ]

    static let header = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
    <meta name="referrer" content="no-referrer">
    <meta name="generator" content="FactLedger">
    <title>{{pageTitle}} · {{site.org}}</title>
    <link rel="stylesheet" href="{{root}}style.css">
    </head>
    <body>
    <header class="site">
    <p class="org"><a href="{{root}}index.html">{{site.org}}</a> · fact-check ledger report</p>
    <nav><a href="{{root}}index.html">Scores</a> <a href="{{root}}index.html#claims">Claims</a> <a href="{{root}}index.html#accounts">Accounts</a> <a href="{{root}}methodology.html">Methodology</a> <a href="{{root}}verification.html">Verification</a></nav>
    <p class="provenance">As of ledger position <strong>{{site.position}}</strong> ({{site.asOf}}) · checkpoint root <code>{{site.root}}</code> · method <strong>{{site.method}}</strong></p>
    </header>
    <main>

    """

    static let footer = """
    </main>
    <footer class="site">
    <p>Computed from the ledger {{site.origin}} as of position {{site.position}}, the last event recorded at {{site.lastRecorded}}. Checkpoint root <code>{{site.root}}</code>; method {{site.method}}. <a href="{{root}}verification.html">How to verify this report</a>.</p>
    <p>This report is static HTML: it runs no script and loads nothing from the network.</p>
    </footer>
    </body>
    </html>

    """

    static let link = """
    {{#isLink}}<a href="{{href}}" rel="nofollow noopener noreferrer">{{text}}</a>{{/isLink}}{{^isLink}}<span class="plain-url">{{text}}</span>{{/isLink}}
    """

    static let jsonld = """
    {{% CONTENT_TYPE: FACTLEDGER_SCRIPT_JSON }}{{json}}
    """

    static let chart = """
    <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-labelledby="{{id}}-title {{id}}-desc" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
    <title id="{{id}}-title">{{title}}</title>
    <desc id="{{id}}-desc">{{summary}}</desc>
    <rect class="background" x="0" y="0" width="{{width}}" height="{{height}}" fill="#FFFFFF"/>
    {{#rules}}
    <line class="{{role}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="{{stroke}}" stroke-width="1"{{#dashed}} stroke-dasharray="5 4"{{/dashed}}/>
    {{/rules}}
    {{#boxes}}
    <rect class="{{role}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="{{fill}}"><title>{{title}}</title></rect>
    {{/boxes}}
    {{#labels}}
    <text class="{{role}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}" font-size="{{size}}" font-weight="{{weight}}" fill="#222222">{{text}}</text>
    {{/labels}}
    </svg>

    """

    static let index = """
    {{>header}}
    <h1>{{site.org}}: misinformation amplification by account</h1>
    <p class="lead">Each score below is the misinformation-amplification score (MAS, method {{site.method}}) of an account: the weighted share of its posts that carry claims our reviewers rated false or misleading, shrunk toward the mean of all accounts. <a href="methodology.html">How it is computed</a>.</p>

    <section id="activity">
    <h2>Posts a month</h2>
    <p>Posts observed each month (by posted date, UTC), all accounts together; the {{activityTop}} most active accounts are shown separately.</p>
    <figure>
    {{#activityChart}}
    {{>chart}}
    {{/activityChart}}
    <figcaption>Posts a month, stacked by account. The same chart as a file: <a href="charts/activity.svg">charts/activity.svg</a>.</figcaption>
    </figure>
    <details><summary>The numbers</summary>
    <table class="numbers"><thead><tr><th>Month</th><th>Posts</th><th>Original</th><th>Reposts</th><th>Quotes</th><th>Replies</th><th>Linking state-controlled outlets</th></tr></thead>
    <tbody>
    {{#months}}
    <tr><td>{{month}}</td><td class="n">{{posts}}</td><td class="n">{{original}}</td><td class="n">{{repost}}</td><td class="n">{{quote}}</td><td class="n">{{reply}}</td><td class="n">{{stateLinked}} ({{stateShare}})</td></tr>
    {{/months}}
    </tbody></table>
    </details>
    </section>

    <section id="scores">
    <h2>Highest scores</h2>
    <figure>
    {{#scoreChart}}
    {{>chart}}
    {{/scoreChart}}
    <figcaption>MAS of the {{scoreTop}} highest-scored accounts (MAS runs from 0 to 100; the axis stops at a round value above the highest); the dashed line is 100·μ, the mean toward which every score is shrunk. As a file: <a href="charts/mas.svg">charts/mas.svg</a>.</figcaption>
    </figure>
    <h2>Amplification scores</h2>
    {{#hasScores}}
    <table class="scores"><thead><tr><th>#</th><th>Account</th><th title="misinformation-amplification score">MAS</th><th title="share before shrinkage">MS</th><th title="reach">R</th><th title="state-media share">SMS</th><th title="MAS if every pending claim were false">Pending upper bound</th><th>Posts</th><th>Reviewed</th></tr></thead>
    <tbody>
    {{#scores}}
    <tr><td class="n">{{rank}}</td><td><a href="{{page}}">{{account}}</a></td><td class="n"><strong>{{mas}}</strong></td><td class="n">{{ms}}</td><td class="n">{{reach}}</td><td class="n">{{sms}}</td><td class="n">{{pendingUpperBound}}</td><td class="n">{{posts}}</td><td class="n">{{reviewed}}</td></tr>
    {{/scores}}
    </tbody></table>
    {{/hasScores}}
    {{^hasScores}}<p>No account is scored yet.</p>{{/hasScores}}
    {{#unscoredCount}}<p>{{unscoredCount}} accounts with posts are not scored (Σw·d = 0).</p>{{/unscoredCount}}
    </section>

    <section id="claims">
    <h2>Claims</h2>
    {{#hasClaims}}
    <table class="claims"><thead><tr><th>Claim</th><th>Summary</th><th>Status</th><th>Verdict</th><th>Appearances</th><th>Published</th></tr></thead>
    <tbody>
    {{#claims}}
    <tr><td><a href="{{page}}"><code>{{claim}}</code></a></td><td><bdi>{{summary}}</bdi></td><td>{{status}}</td><td><span class="verdict verdict-{{labelClass}}">{{label}}</span></td><td class="n">{{appearances}}</td><td>{{#published}}{{>link}}{{/published}}</td></tr>
    {{/claims}}
    </tbody></table>
    {{/hasClaims}}
    {{^hasClaims}}<p>No claim has been flagged yet.</p>{{/hasClaims}}
    </section>

    <section id="accounts">
    <h2>Accounts</h2>
    <ul class="accounts">
    {{#accounts}}
    <li><a href="{{page}}">{{account}}</a>{{#displayName}} — <bdi>{{displayName}}</bdi>{{/displayName}} ({{posts}} posts)</li>
    {{/accounts}}
    </ul>
    </section>
    {{>footer}}
    """

    static let account = """
    {{>header}}
    <h1>Account {{account}}</h1>
    {{#registration}}
    <dl class="facts">
    <dt>Name</dt><dd><bdi>{{displayName}}</bdi></dd>
    <dt>Kind</dt><dd>{{kind}}</dd>
    <dt>Country</dt><dd>{{country}}</dd>
    {{#person}}<dt>Person</dt><dd><bdi>{{person}}</bdi></dd>{{/person}}
    {{#title}}<dt>Title</dt><dd><bdi>{{title}}</bdi></dd>{{/title}}
    {{#profile}}<dt>Profile</dt><dd>{{>link}}</dd>{{/profile}}
    </dl>
    {{/registration}}
    {{^registration}}<p>This account was observed but never registered.</p>{{/registration}}

    <h2>Score</h2>
    {{#score}}
    <table class="scores"><thead><tr><th>MAS</th><th>MS</th><th>R</th><th>SMS</th><th>Pending upper bound</th><th>Posts</th><th>Reviewed</th><th>Σw·d</th><th>Σw·d·m</th></tr></thead>
    <tbody><tr><td class="n"><strong>{{mas}}</strong></td><td class="n">{{ms}}</td><td class="n">{{reach}}</td><td class="n">{{sms}}</td><td class="n">{{pendingUpperBound}}</td><td class="n">{{posts}}</td><td class="n">{{reviewed}}</td><td class="n">{{weightSum}}</td><td class="n">{{weighted}}</td></tr></tbody>
    </table>
    <p>Rank {{rank}} of {{scoredCount}} scored accounts, method {{site.method}}.</p>
    {{/score}}
    {{^score}}<p>Not scored: no post of this account carries weight (Σw·d = 0).</p>{{/score}}

    <h2>Posts a month</h2>
    <figure>
    {{#activityChart}}
    {{>chart}}
    {{/activityChart}}
    <figcaption>{{postCount}} posts in all.</figcaption>
    </figure>

    <h2>Claim history</h2>
    <p>Posts that carry a claim or are attributed to an outlet, oldest first. “At the time” is the verdict when the post was made; “now” is the verdict as of position {{site.position}}.{{#otherPosts}} {{otherPosts}} other posts carry no claim.{{/otherPosts}}</p>
    {{#hasPosts}}
    <table class="history"><thead><tr><th>Posted</th><th>Post</th><th>Text</th><th>Claims</th><th>Outlets</th></tr></thead>
    <tbody>
    {{#posts}}
    <tr>
    <td class="when">{{postedAt}}<br><span class="kind">{{kind}}</span></td>
    <td>{{#link}}{{>link}}{{/link}}<br><code>{{post}}</code></td>
    <td><div class="post-text"><bdi>{{text}}</bdi></div>{{#amplifies}}<p class="amplifies">Amplifies {{>link}}</p>{{/amplifies}}</td>
    <td><ul class="carried">{{#claims}}<li><a href="{{page}}"><code>{{claim}}</code></a> ({{relations}}): at the time <span class="verdict verdict-{{thenClass}}">{{then}}</span>, now <span class="verdict verdict-{{nowClass}}">{{now}}</span></li>{{/claims}}</ul></td>
    <td>{{outlets}}</td>
    </tr>
    {{/posts}}
    </tbody></table>
    {{/hasPosts}}
    {{^hasPosts}}<p>No post of this account carries a claim.</p>{{/hasPosts}}
    {{>footer}}
    """

    static let claim = """
    {{>header}}
    {{#claimReview}}
    <script type="application/ld+json">{{>jsonld}}</script>
    {{/claimReview}}
    <h1>Claim <code>{{claim}}</code></h1>
    {{#summary}}<p class="lead"><bdi>{{summary}}</bdi></p>{{/summary}}
    <dl class="facts">
    <dt>Current verdict</dt><dd><span class="verdict verdict-{{labelClass}}">{{label}}</span>{{#pending}} (pending){{/pending}}</dd>
    <dt>Status</dt><dd>{{status}}</dd>
    {{#verdict}}<dt>Deciding verdict</dt><dd><code>{{verdict}}</code></dd>{{/verdict}}
    {{#latestVerdict}}<dt>Latest verdict</dt><dd><code>{{latestVerdict}}</code></dd>{{/latestVerdict}}
    <dt>Revisions</dt><dd>{{revisions}}</dd>
    <dt>Reviewers</dt><dd>{{reviewers}}</dd>
    <dt>Appearances</dt><dd>{{appearanceCount}}</dd>
    {{#published}}<dt>Published</dt><dd>{{>link}}</dd>{{/published}}
    {{#mergedInto}}<dt>Merged into</dt><dd><a href="{{page}}"><code>{{claim}}</code></a></dd>{{/mergedInto}}
    {{#topics}}<dt>Topics</dt><dd>{{topics}}</dd>{{/topics}}
    </dl>
    {{#text}}<h2>The claim as stated</h2>
    <blockquote class="post-text"><bdi>{{text}}</bdi></blockquote>{{/text}}

    <h2>Verdict trail</h2>
    {{#hasSteps}}
    <table class="trail"><thead><tr><th>Position</th><th>Recorded</th><th>Action</th><th>By</th><th>Verdict</th><th>Label</th><th>Before → after</th><th>Correction</th><th>Reason or note</th></tr></thead>
    <tbody>
    {{#steps}}
    <tr><td class="n">{{position}}</td><td class="when">{{recordedAt}}</td><td>{{action}}</td><td>{{author}}</td><td><code>{{verdict}}</code></td><td>{{label}}</td><td>{{before}} → {{after}}</td><td>{{correction}}</td><td>{{#reason}}<div class="post-text"><bdi>{{reason}}</bdi></div>{{/reason}}{{#publicNote}}<p class="note">Public note: <bdi>{{publicNote}}</bdi></p>{{/publicNote}}{{#url}}{{>link}}{{/url}}{{#hasEvidence}}<ul class="evidence">{{#evidence}}<li>{{>link}}</li>{{/evidence}}</ul>{{/hasEvidence}}</td></tr>
    {{/steps}}
    </tbody></table>
    {{/hasSteps}}
    {{^hasSteps}}<p>No verdict yet.</p>{{/hasSteps}}

    <h2>Where it appears</h2>
    {{#hasAppearances}}
    <table class="history"><thead><tr><th>Posted</th><th>Account</th><th>Post</th><th>How</th><th>Text</th></tr></thead>
    <tbody>
    {{#appearances}}
    <tr><td class="when">{{postedAt}}</td><td><a href="{{accountPage}}">{{account}}</a></td><td>{{#link}}{{>link}}{{/link}}<br><code>{{post}}</code></td><td>{{relations}}</td><td><div class="post-text"><bdi>{{text}}</bdi></div></td></tr>
    {{/appearances}}
    </tbody></table>
    {{/hasAppearances}}
    {{^hasAppearances}}<p>No observed post carries this claim.</p>{{/hasAppearances}}
    {{#claimReview}}<p class="small">This page embeds its schema.org ClaimReview as JSON-LD for search engines and fact-check aggregators.</p>{{/claimReview}}
    {{>footer}}
    """

    static let methodology = """
    {{>header}}
    <h1>Methodology</h1>
    <h2>The misinformation-amplification score ({{site.method}})</h2>
    <p>For an account <var>a</var>, <var>P</var> is every post of <var>a</var> that has not been retracted{{#window}}, posted from {{from}} to {{to}}{{/window}}. A post <em>carries</em> a claim when the claim was flagged on it or an appearance links the two; after a merge, the merged claim’s appearances belong to the surviving one.</p>
    <ul>
    <li>Kind weight <var>w</var>(<var>p</var>): original {{weights.original}}, quote {{weights.quote}}, repost {{weights.repost}}, reply {{weights.reply}}; {{criticalQuoteWeight}} when every appearance linking the post to a claim quotes it critically.</li>
    <li><var>m</var>(<var>p</var>): the largest misinformation weight among the current labels of the claims the post carries (the rating scale below). A claim with no final verdict, or rated with a pending label such as <code>unproven</code>, is pending and counts 0; a void claim counts 0.</li>
    <li>Decay <var>d</var>(<var>p</var>) = 2<sup>−(<var>T</var><sub>end</sub> − posted_at)/<var>h</var></sup>, with half-life <var>h</var> = {{halfLife}} days and <var>T</var><sub>end</sub> = {{tEnd}}, the recorded time of the last event folded.{{#window}} With a window, <var>d</var> = 1.{{/window}}</li>
    </ul>
    <p class="formula">MS = Σ<var>w</var>·<var>d</var>·<var>m</var> / Σ<var>w</var>·<var>d</var> &nbsp; · &nbsp; μ = mean MS over scored accounts = {{mu}}<br>
    MAS = 100 · (Σ<var>w</var>·<var>d</var>·<var>m</var> + α·μ) / (Σ<var>w</var>·<var>d</var> + α), &nbsp; α = {{alpha}}</p>
    <p>Accounts with Σ<var>w</var>·<var>d</var> = 0 are not scored. Reported beside MAS, never blended in: reach R = Σ<var>w</var>·<var>d</var>·<var>m</var>·ln(1+E), with E the reposts plus quotes last observed; the state-media share SMS, the share of posts attributed (directly or through a claim they carry) to a state-controlled outlet; the pending upper bound, MAS with <var>m</var> = 1 for every post whose claims are all pending (μ = {{muUpper}} recomputed the same way); and the counts of posts and of reviewed posts.</p>

    <h2>Parameters</h2>
    <table class="numbers"><tbody>
    <tr><th>Method</th><td>{{site.method}}</td></tr>
    <tr><th>Half-life <var>h</var></th><td>{{halfLife}} days</td></tr>
    <tr><th>Shrinkage α</th><td>{{alpha}}</td></tr>
    <tr><th>Kind weights</th><td>original {{weights.original}}, quote {{weights.quote}}, repost {{weights.repost}}, reply {{weights.reply}}</td></tr>
    <tr><th>Critical-quote weight</th><td>{{criticalQuoteWeight}}</td></tr>
    <tr><th><var>T</var><sub>end</sub></th><td>{{tEnd}}</td></tr>
    <tr><th>μ</th><td>{{mu}}</td></tr>
    </tbody></table>
    <p>The parameters come from the ledger’s latest <code>MethodologyAdopted</code> event, so anyone holding the ledger can recompute every score.</p>

    <h2>Rating scales</h2>
    {{#scales}}
    <h3>{{name}} (<code>{{id}}</code>)</h3>
    <table class="numbers"><thead><tr><th>Label</th><th>Value</th><th>Misinformation weight</th><th>Counts as</th><th>Meaning</th></tr></thead>
    <tbody>
    {{#labels}}
    <tr><td><span class="verdict verdict-{{labelClass}}">{{label}}</span></td><td class="n">{{value}}</td><td class="n">{{weight}}</td><td>{{counts}}</td><td>{{meaning}}</td></tr>
    {{/labels}}
    </tbody></table>
    {{/scales}}

    <h2>Review and correction policy</h2>
    <p>Review policy in force: <strong>{{policy}}</strong>. {{policyText}}</p>
    <p>A verdict is never edited. A correction is a new, signed <code>VerdictRevised</code> event that supersedes the earlier verdict, which stays in the ledger and in each claim’s verdict trail; a revision follows the same review policy as a verdict. Its correction class tells readers what changed:</p>
    <table class="numbers"><tbody>
    {{#corrections}}
    <tr><th><code>{{name}}</code></th><td>{{meaning}}</td></tr>
    {{/corrections}}
    </tbody></table>
    <p>An entry made in error is retracted with <code>EntryRetracted</code>: it stays in the log, and every view on this site skips it. Judgments signed by a reviewer after their key was revoked do not count.</p>
    {{>footer}}
    """

    static let verification = """
    {{>header}}
    <h1>Verify this report</h1>
    <p>Every number on this site is computed from the first {{site.position}} events of the ledger {{site.origin}}, whose Merkle tree (RFC 6962) has the root below. The ledger signs its tree heads; anyone can check that the events were not rewritten since.</p>
    <dl class="facts">
    <dt>Ledger</dt><dd>{{site.org}} (<code>{{site.origin}}</code>)</dd>
    <dt>Position (tree size)</dt><dd>{{site.position}} ({{site.asOf}})</dd>
    <dt>Root (base64)</dt><dd><code>{{site.root}}</code></dd>
    <dt>Root (hex)</dt><dd><code>{{rootHex}}</code></dd>
    <dt>Ledger verifier key</dt><dd>{{#verifierKey}}<code class="wrap">{{verifierKey}}</code>{{/verifierKey}}{{^verifierKey}}not available{{/verifierKey}}</dd>
    </dl>
    <h2>Signed checkpoint</h2>
    {{#checkpoint}}
    <p>The ledger’s signed checkpoint (a C2SP <code>tlog-checkpoint</code> note: origin, tree size, base64 root, then an Ed25519 signature line):</p>
    <pre class="note">{{checkpoint}}</pre>
    {{/checkpoint}}
    {{^checkpoint}}<p>No signed checkpoint was issued for this position; run <code>factledger checkpoint --size {{site.position}}</code> on the ledger to sign one.</p>{{/checkpoint}}
    <h2>How to verify</h2>
    <ol>
    <li>Check the checkpoint’s signature with the verifier key above, using any C2SP signed-note verifier (for example Go’s <code>golang.org/x/mod/sumdb/note</code>). The key id is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).</li>
    <li>Get the audit bundle for the same position (<code>factledger export bundle --out DIR --as-of {{site.position}}</code>) and run <code>python3 verify.py</code> in it. It recomputes the Merkle root from the events, checks it against the signed checkpoint, and checks the inclusion proof of each published verdict.</li>
    <li>With the ledger itself, run <code>factledger verify</code>, and <code>factledger scores --as-of {{site.position}}</code> to recompute the scores shown here.</li>
    <li>Check that these pages are the ones published: <code>sha256sum -c SHA256SUMS</code> in this folder. The SHA-256 of <code>SHA256SUMS</code> is recorded in the ledger’s <code>ExportGenerated</code> event for this report (<code>factledger log --type ExportGenerated</code>).</li>
    </ol>
    {{>footer}}
    """

    /// The site's only style sheet. No web fonts, no external resources.
    static let css = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #dadce0; --accent: #0b57d0; --paper: #ffffff; --tint: #f6f8fa; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--paper); }
    header.site, main, footer.site { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
    header.site { border-bottom: 1px solid var(--rule); padding-top: 12px; padding-bottom: 8px; }
    header.site .org { margin: 0; font-weight: 600; }
    header.site nav a { margin-right: 14px; }
    .provenance { font-size: 13px; color: var(--muted); margin: 6px 0 0; overflow-wrap: anywhere; }
    footer.site { border-top: 1px solid var(--rule); margin-top: 40px; padding-top: 8px; padding-bottom: 24px; font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
    a { color: var(--accent); }
    h1 { font-size: 28px; margin: 24px 0 8px; overflow-wrap: anywhere; }
    h2 { font-size: 21px; margin: 28px 0 8px; }
    h3 { font-size: 17px; margin: 20px 0 6px; }
    .lead { font-size: 18px; }
    code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
    code.wrap { word-break: break-all; }
    figure { margin: 12px 0; }
    figcaption { font-size: 13px; color: var(--muted); }
    svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
    th, td { border-bottom: 1px solid var(--rule); padding: 6px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
    td a, td .plain-url { overflow-wrap: anywhere; }
    thead th { background: var(--tint); position: sticky; top: 0; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.when { white-space: nowrap; font-size: 13px; }
    .kind, .small, .note { color: var(--muted); font-size: 13px; }
    .post-text { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 14em; max-width: 46em; }
    blockquote.post-text { border-left: 4px solid var(--rule); margin: 8px 0; padding: 4px 12px; }
    .plain-url { overflow-wrap: anywhere; color: var(--muted); }
    pre.note { background: var(--tint); padding: 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
    dl.facts dt { font-weight: 600; }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    ul.carried, ul.evidence { margin: 0; padding-left: 18px; }
    ul.accounts { columns: 2 300px; }
    .formula { background: var(--tint); padding: 12px; font-size: 17px; }
    .verdict { display: inline-block; padding: 0 6px; border-radius: 4px; background: #e8eaed; font-size: 13px; font-weight: 600; }
    .verdict-false, .verdict-mostly-false { background: #fbe3e1; color: #8c1d18; }
    .verdict-misleading, .verdict-mixture { background: #fef0d9; color: #7a4a00; }
    .verdict-true, .verdict-mostly-true { background: #def3e5; color: #0d5b2a; }
    .verdict-void { background: #eeeeee; color: #555555; text-decoration: line-through; }
    details { margin: 8px 0 16px; }
    @media print { header.site nav { display: none; } thead th { position: static; } }

    """
}
