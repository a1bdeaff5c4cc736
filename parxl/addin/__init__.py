"""The Excel add-in: a "Chỉ số CCHC" ribbon tab and worksheet functions over the same library as the CLI.

- ``dispatch``: ribbon button id -> handler (what a click imports; kept light)
- ``handlers``: what each button does to the open workbook
- ``live``: reading and writing the open workbook through xlwings
- ``udfs``: the PARXL_… worksheet functions
- ``build`` / ``install`` / ``cli``: ``parxl addin build|install``

Importing this package imports nothing else: xlwings is needed only inside Excel and for the build.
"""


def main() -> None:
    """The whole scoring pipeline on the calling workbook: what plan B's add-in (``parxl.addin.xlam``,
    built by ``parxl addin build --fallback``) runs from its one "Tính điểm" button."""
    from parxl.addin.dispatch import run

    run("parxl_score")
