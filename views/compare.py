from components import compare
from components.layout import page

page(compare.render)
