from components import priorities
from components.layout import page

page(priorities.render)
