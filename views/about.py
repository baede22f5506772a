from components import about
from components.layout import page

page(about.render)
