"""Files a build writes besides the pages: feeds, calendars, cards, sitemap, host config, stylesheets."""
