"""Replaces the block between <!-- NAME:BEGIN --> and <!-- NAME:END --> in a Markdown file (appending the
section with its heading the first time), so each bench script rewrites only its own figures."""


def replace_block(doc, name, lines, heading):
    content = open(doc).read()
    begin, end = f"<!-- {name}:BEGIN -->", f"<!-- {name}:END -->"
    if begin not in content:
        content += f"\n## {heading}\n\n{begin}\n{end}\n"
    head, rest = content.split(begin, 1)
    open(doc, "w").write(head + begin + "\n" + "\n".join(lines) + "\n" + end + rest.split(end, 1)[1])
