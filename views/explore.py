from components import explore
from components.layout import page

page(explore.render)
