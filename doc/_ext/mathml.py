"""Render the documentation's math as MathML when the site is built.

Sphinx's default math renderer leaves the LaTeX source in the page and loads
MathJax from a CDN to typeset it in the browser: offline, or wherever the
CDN is blocked, readers see raw LaTeX. This extension converts every formula
to MathML at build time with docutils' own converter (the one behind
docutils' ``math_output: MathML`` setting), and browsers draw MathML natively.
The built site then needs no script and no network to show its formulas.

A formula the converter cannot read is a build warning (so ``-W`` fails)
that names the formula, and the page shows its LaTeX source.
"""

import re

from docutils import nodes
from docutils.utils.math import MathError, latex2mathml, unichar2tex
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

# MathML stretches brackets to their content itself; docutils' converter does
# not know the manual sizing commands.
SIZED_DELIMITER = re.compile(r"\\(?:big|Big|bigg|Bigg)[lrm]?(?![a-zA-Z])")


def tex_to_mathml(tex, *, block):
    """MathML of the LaTeX formula ``tex``; ``MathError`` if it cannot be read."""
    tex = SIZED_DELIMITER.sub("", tex.translate(unichar2tex.uni2tex_table))
    return latex2mathml.tex2mathml(tex, as_block=block)


def to_mathml(translator, node, tex, *, block):
    try:
        return tex_to_mathml(tex, block=block)
    except MathError as error:
        logger.warning("cannot render math %r as MathML: %s", tex, error, location=node)
        return f'<code class="math">{translator.encode(tex)}</code>'


def visit_math(translator, node):
    translator.body.append(translator.starttag(node, "span", "", CLASS="math"))
    translator.body.append(to_mathml(translator, node, node.astext(), block=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(translator, node):
    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    # Paragraphs of a math directive are separate equations.
    for part in node.astext().split("\n\n"):
        if part.strip():
            translator.body.append(to_mathml(translator, node, part, block=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
